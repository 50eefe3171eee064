using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

/// <summary>
/// Redis' `client-output-buffer-limit pubsub` disconnects a subscriber whose pending output passes the limit and
/// discards that output. The model assumes the server then subscribes again at once and that only what Redis held is
/// lost; this checks the bundled server does so against a real redis-server.
/// </summary>
public sealed class OutputBufferLimitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task A_subscriber_disconnected_over_the_limit_subscribes_again_and_gets_what_follows(string mode)
    {
        await using RedisServerProcess redis =
            await RedisServerProcess.StartAsync("--client-output-buffer-limit", "pubsub 64kb 64kb 0");
        // A frequent canary: after the freeze, /healthz reflects a probe made since within 0.1 s.
        await using ChatServerProcess server =
            await ChatServerProcess.StartAsync(redis, mode, "--Chat:ProbeIntervalMs=100");
        string room = Scenario.NewRoom();
        string channel = room + "_broadcast";
        ChatClient[] clients = await ChatClient.ConnectManyAsync(server.RoomUri(room), 2);
        try
        {
            await clients[0].SendAsync("before");
            await clients[1].WaitForCountAsync(1, s_timeout);
            long subscribed = await Resp.NumSubAsync(redis.Port, channel);

            // A frozen server reads nothing: 32 MB published to its room overflow the socket buffers and then
            // Redis' limit, and Redis closes its subscriptions.
            server.Pause();
            try
            {
                byte[] filler = new byte[256 * 1024];
                for (int i = 0; i < 128 && await Resp.NumSubAsync(redis.Port, channel) > 0; i++)
                {
                    await Resp.PublishRawAsync(redis.Port, channel, filler);
                }
                Assert.Equal(0, await Resp.NumSubAsync(redis.Port, channel));
            }
            finally
            {
                server.Resume();
            }

            await Poll.UntilAsync(async () => await Resp.NumSubAsync(redis.Port, channel) == subscribed, s_timeout,
                () => "the server did not subscribe again");
            // Redis counting the SUBSCRIBE comes a moment before the server has confirmed it (per connection) or
            // proved it with its canary (per task); until then it refuses senders, as it should.
            string seen = "";
            await Poll.UntilAsync(
                async () =>
                {
                    using HttpResponseMessage health = await server.Http.GetAsync("/healthz");
                    int missing = (await server.MetricsAsync()).GetProperty("subscriptions_missing").GetInt32();
                    seen = $"/healthz {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}, "
                        + $"subscriptions_missing {missing}";
                    return health.IsSuccessStatusCode && missing == 0;
                },
                s_timeout, () => "the server never reported its subscriptions back; last seen: " + seen);
            await clients[1].SendAsync("after");
            foreach (ChatClient client in clients)
            {
                await Poll.UntilAsync(() => client.Received.Contains("after"), s_timeout,
                    () => $"'after' not delivered ({client.Received.Count} received)");
            }
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
