using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>How a WebSocket session gets the messages of its room from Redis.</summary>
public interface IRoomSubscriptions
{
    /// <summary>
    /// Subscribes the session to its room. It returns once Redis has confirmed the SUBSCRIBE (when
    /// Redis is up), so a client whose upgrade completed can already receive every later message.
    /// Disposing the result leaves the room.
    /// </summary>
    ValueTask<IAsyncDisposable> JoinAsync(string room, WebSocketSession session, CancellationToken cancellationToken);
}

public static class RoomSubscriptions
{
    private static readonly TimeSpan s_subscribeTimeout = TimeSpan.FromSeconds(3);

    public static RedisChannel ChannelFor(string room) => RedisChannel.Literal(room + "_broadcast");

    /// <summary>
    /// SUBSCRIBE that never leaves the caller without a queue: while Redis is down the
    /// subscription is only registered locally and the multiplexer sends it on reconnect.
    /// </summary>
    public static async Task<ChannelMessageQueue> SubscribeAsync(
        ConnectionMultiplexer multiplexer,
        RedisChannel channel,
        ILogger logger)
    {
        var subscriber = multiplexer.GetSubscriber();
        if (multiplexer.IsConnected)
        {
            try
            {
                return await subscriber.SubscribeAsync(channel).WaitAsync(s_subscribeTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("SUBSCRIBE {Channel} failed ({Message}); it will be retried on reconnect", channel, ex.Message);
                // The failed attempt may still be registered locally; drop it so it cannot leak a queue nobody reads.
                await subscriber.UnsubscribeAsync(channel, null, CommandFlags.FireAndForget).ConfigureAwait(false);
            }
        }

        return await subscriber.SubscribeAsync(channel, CommandFlags.FireAndForget).ConfigureAwait(false);
    }

    public static async ValueTask UnsubscribeQuietlyAsync(ChannelMessageQueue queue, ILogger logger)
    {
        try
        {
            // Fire-and-forget: leaving must not wait on a Redis that may be down.
            await queue.UnsubscribeAsync(CommandFlags.FireAndForget).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "UNSUBSCRIBE failed");
        }
    }
}
