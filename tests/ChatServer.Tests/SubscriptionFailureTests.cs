using FanoutSim.ChatServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FanoutSim.ChatServer.Tests;

public sealed class SubscriptionFailureTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Beyond_redis_maxclients_every_client_either_receives_or_is_closed_with_1013()
    {
        const int clientCount = 30;
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync("--maxclients", "20");
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerConnection, "--Chat:MaxConnections=100");
        string room = Scenario.NewRoom();
        ChatClient[] clients = await server.ConnectAsync(room, clientCount);
        try
        {
            // Refused connections are closed right after the upgrade; give the last ones a moment to get it.
            await Poll.UntilAsync(
                async () => (await server.MetricsAsync()).GetProperty("subscription_failures").GetInt64()
                    == clients.Count(c => c.CloseStatus is not null),
                s_timeout,
                () => "closed clients and counted subscription failures disagree");
            var open = clients.Where(c => c.CloseStatus is null).ToList();
            var refused = clients.Where(c => c.CloseStatus is not null).ToList();
            Assert.NotEmpty(open);
            Assert.NotEmpty(refused);
            Assert.All(refused, c => Assert.Equal(CloseCodes.TryAgainLater, c.CloseStatus));

            await open[0].SendAsync("anyone there?");
            foreach (ChatClient? client in open)
            {
                await client.WaitForCountAsync(1, s_timeout);
            }

            Assert.Equal(clientCount, open.Count + refused.Count);
            Assert.Equal(refused.Count, (await server.MetricsAsync()).GetProperty("subscription_failures").GetInt64());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Startup_warns_when_the_connection_limit_exceeds_redis_maxclients_in_per_connection_mode()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync("--maxclients", "20");
        await using ChatServerHost perConnection = await ChatServerHost.StartAsync(
            redis, Scenario.PerConnection, "--Chat:MaxConnections=30");
        await using ChatServerHost perTask = await ChatServerHost.StartAsync(redis, Scenario.PerTask,
            "--Chat:MaxConnections=30");

        string? warning = perConnection.App.Services.GetRequiredService<RedisBus>().MaxClientsWarning;
        Assert.NotNull(warning);
        Assert.Contains("maxclients is 20", warning, StringComparison.Ordinal);
        // Per-task mode needs two Redis connections whatever its connection limit.
        Assert.Null(perTask.App.Services.GetRequiredService<RedisBus>().MaxClientsWarning);
    }
}
