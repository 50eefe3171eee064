using Microsoft.Extensions.Options;

namespace FanoutSim.ChatServer;

/// <summary>GET /ws/{room}: admission control, subscription, then the WebSocket session.</summary>
public sealed class ChatEndpoint
{
    private const int MaxRoomNameLength = 200;

    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly RedisBus _bus;
    private readonly IRoomSubscriptions _subscriptions;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<WebSocketSession> _logger;

    public ChatEndpoint(
        IOptions<ChatOptions> options,
        ServerMetrics metrics,
        RedisBus bus,
        IRoomSubscriptions subscriptions,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketSession> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _bus = bus;
        _subscriptions = subscriptions;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, string room)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (room.Length == 0 || room.Length > MaxRoomNameLength)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (_lifetime.ApplicationStopping.IsCancellationRequested || !_metrics.TryAddConnection(_options.MaxConnections))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        try
        {
            var session = new WebSocketSession(room, _options, _metrics, _bus, _logger);
            // Subscribe before accepting: once the client sees the upgrade, it sees every later message.
            var membership = await _subscriptions.JoinAsync(room, session, context.RequestAborted).ConfigureAwait(false);
            try
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                await session.RunAsync(socket, _lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            finally
            {
                await membership.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up during the upgrade.
        }
        finally
        {
            _metrics.RemoveConnection();
        }
    }
}
