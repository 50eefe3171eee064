using System.Security.Cryptography;
using System.Text;

namespace FanoutSim.ChatServer;

/// <summary>Bearer-token guard for /metrics and /metrics.json when Chat:MetricsToken is set.</summary>
public static class MetricsTokenCheck
{
    public static Func<HttpContext, RequestDelegate, Task> Create(string token)
    {
        byte[] expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return (context, next) =>
        {
            byte[] given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            // Fixed-time comparison: the time taken must not reveal how much of the token was right.
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Task.CompletedTask;
            }

            return next(context);
        };
    }
}
