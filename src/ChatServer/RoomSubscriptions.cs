using FanoutSim.Model.Rooms;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>How a WebSocket session gets the messages of its rooms from Redis.</summary>
public interface IRoomSubscriptions
{
    /// <summary>
    /// Subscribes the session to each of its rooms. It returns once Redis has confirmed every SUBSCRIBE, so a client
    /// whose upgrade completed can receive every later message; otherwise it throws SubscriptionFailedException (and
    /// holds none of them). Disposing the result leaves them all.
    /// </summary>
    ValueTask<IAsyncDisposable> JoinAsync(WebSocketSession session, CancellationToken cancellationToken);

    /// <summary>Rooms whose state this process holds.</summary>
    long RoomCount { get; }
}

public static class RoomSubscriptions
{
    private static readonly TimeSpan s_subscribeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The room's channel ("{room}_broadcast") as the topology subscribes and publishes it.</summary>
    public static RedisChannel ChannelFor(RedisLayout layout, string room) => layout.Channel(RoomNames.ChannelOf(room));

    /// <summary>SUBSCRIBE confirmed by Redis, or SubscriptionFailedException: never one only hoped for.</summary>
    public static async Task<ChannelMessageQueue> SubscribeAsync(
        ConnectionMultiplexer multiplexer,
        RedisChannel channel)
    {
        if (!multiplexer.IsConnected)
        {
            throw new SubscriptionFailedException("redis is not connected");
        }

        ISubscriber subscriber = multiplexer.GetSubscriber();
        try
        {
            return await subscriber.SubscribeAsync(channel).WaitAsync(s_subscribeTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The failed attempt may still be registered locally; drop it so it cannot leak a queue nobody reads.
            await subscriber.UnsubscribeAsync(channel, null, CommandFlags.FireAndForget).ConfigureAwait(false);
            throw new SubscriptionFailedException($"SUBSCRIBE failed: {ex.Message}", ex);
        }
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

/// <summary>Several memberships left together, in the order they were taken.</summary>
internal sealed class Memberships(IReadOnlyList<IAsyncDisposable> held) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable membership in held)
        {
            await membership.DisposeAsync().ConfigureAwait(false);
        }
    }
}
