using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// "per-connection" mode, faithful to the reference server: every WebSocket opens its own Redis
/// connection and its own SUBSCRIBE, so Redis sends one copy of each message per WebSocket. With client sharding the
/// connection goes to the room's shard only; in a cluster the client connects to the masters it discovers (one socket
/// each) and SUBSCRIBEs at the channel's slot owner. A WebSocket in several rooms SUBSCRIBEs to each on its one Redis
/// connection (with client sharding, one connection per shard its rooms live on).
/// </summary>
public sealed class PerConnectionSubscriptions : IRoomSubscriptions
{
    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<PerConnectionSubscriber> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PerConnectionSubscriber, byte> _live = new();

    public PerConnectionSubscriptions(
        IOptions<ChatOptions> options, RedisBus bus, ServerMetrics metrics, ILogger<PerConnectionSubscriber> logger)
    {
        _options = options.Value;
        Bus = bus;
        _metrics = metrics;
        _logger = logger;
        // An idle subscriber's socket may notice a Redis restart later than the shared one: when the shared
        // connection fails, every subscription counts as missing until Redis confirms it again.
        bus.Failed += () =>
        {
            foreach (PerConnectionSubscriber subscriber in _live.Keys)
            {
                subscriber.Revalidate();
            }
        };
    }

    // Each connection's subscription is its own; no per-room state is held.
    public long RoomCount => 0;

    public async ValueTask<IAsyncDisposable> JoinAsync(WebSocketSession session, CancellationToken cancellationToken)
    {
        RedisLayout layout = Bus.Layout;
        // The session's rooms by the node that carries them, nodes in the order of their first room.
        IGrouping<int, int>[] byNode = [.. Enumerable.Range(0, session.Rooms.Count)
            .GroupBy(index => layout.NodeOf(session.Rooms[index]))];
        if (byNode.Length == 1)
        {
            return await JoinNodeAsync(byNode[0].Key, [.. byNode[0]], session).ConfigureAwait(false);
        }

        var held = new List<IAsyncDisposable>(byNode.Length);
        try
        {
            foreach (IGrouping<int, int> node in byNode)
            {
                held.Add(await JoinNodeAsync(node.Key, [.. node], session).ConfigureAwait(false));
            }
        }
        catch
        {
            await new Memberships(held).DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Memberships(held);
    }

    /// <summary>One Redis connection to <paramref name="node"/>, subscribed to the session's rooms
    /// <paramref name="rooms"/> (indexes into its <see cref="WebSocketSession.Rooms"/>).</summary>
    private async Task<PerConnectionSubscriber> JoinNodeAsync(int node, int[] rooms, WebSocketSession session)
    {
        string name = $"fanout-ws-{_options.InstanceId}-{session.ConnectionNumber}";
        RedisLayout layout = Bus.Layout;
        ConfigurationOptions config = RedisBus.CreateOptions(
            layout.NodeConfigurations[node], name, singleSocket: true);
        // Only for CLIENT INFO after a reconnect (is this connection's SUBSCRIBE back?); no other admin command.
        config.AllowAdmin = true;
        ConnectionMultiplexer multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        try
        {
            if (!multiplexer.IsConnected)
            {
                // Typically Redis' maxclients: it accepts the TCP connection and then refuses the client.
                throw new SubscriptionFailedException("could not open a Redis connection (maxclients reached?)");
            }

            var queues = new List<(ChannelMessageQueue Queue, byte[] Line)>(rooms.Length);
            foreach (int room in rooms)
            {
                // Failing after some SUBSCRIBEs: disposing the connection below drops them with it.
                ChannelMessageQueue queue = await RoomSubscriptions
                    .SubscribeAsync(multiplexer, RoomSubscriptions.ChannelFor(layout, session.Rooms[room]))
                    .ConfigureAwait(false);
                queues.Add((queue, session.LineOf(room)));
            }

            var subscriber = new PerConnectionSubscriber(this, multiplexer, queues, session, _metrics, _logger);
            _live.TryAdd(subscriber, 0);
            return subscriber;
        }
        catch
        {
            multiplexer.Dispose();
            throw;
        }
    }

    /// <summary>Where lost and confirmed subscriptions are counted.</summary>
    internal RedisBus Bus { get; }

    internal void Forget(PerConnectionSubscriber subscriber) => _live.TryRemove(subscriber, out _);
}

/// <summary>One WebSocket's private Redis connection and its subscriptions (one per room on that node).</summary>
public sealed class PerConnectionSubscriber : IAsyncDisposable
{
    private readonly PerConnectionSubscriptions _owner;
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ChannelMessageQueue[] _queues;
    private readonly ILogger _logger;
    private int _lost;
    private volatile bool _disposed;

    public PerConnectionSubscriber(
        PerConnectionSubscriptions owner,
        ConnectionMultiplexer multiplexer,
        IReadOnlyList<(ChannelMessageQueue Queue, byte[] Line)> queues,
        WebSocketSession session,
        ServerMetrics metrics,
        ILogger logger)
    {
        _owner = owner;
        _multiplexer = multiplexer;
        _queues = [.. queues.Select(q => q.Queue)];
        _logger = logger;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        foreach ((ChannelMessageQueue queue, byte[] line) in queues)
        {
            // Each connection parses its own copy, as the reference did; that cost is part of what is modelled.
            queue.OnMessage(message =>
            {
                byte[]? content = ChatMessage.TryExtractContent(((ReadOnlyMemory<byte>)message.Message).Span);
                if (content is null)
                {
                    metrics.Lost(LossCause.InvalidFromRedis);
                    return;
                }

                // In several rooms the frame names the room the message came from.
                session.Enqueue(line.Length == 0 ? content : [.. line, .. content]);
            });
        }
    }

    /// <summary>Whether Redis counts a subscription of this connection where each of its channels lives.</summary>
    private async Task<bool> AllSubscribedAsync()
    {
        foreach (ChannelMessageQueue queue in _queues)
        {
            RedisChannel channel = queue.Channel;
            string none = channel.IsSharded ? " ssub=0 " : " sub=0 ";
            System.Net.EndPoint? endpoint = _multiplexer.GetSubscriber().SubscribedEndpoint(channel);
            string? info = (string?)await (endpoint is null
                    ? _multiplexer.GetDatabase().ExecuteAsync("CLIENT", "INFO")
                    : _multiplexer.GetServer(endpoint).ExecuteAsync("CLIENT", "INFO"))
                .ConfigureAwait(false);
            if (info is null || info.Contains(none, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _owner.Forget(this);
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _owner.Bus.SubscriptionBack();
        }

        foreach (ChannelMessageQueue queue in _queues)
        {
            await RoomSubscriptions.UnsubscribeQuietlyAsync(queue, _logger).ConfigureAwait(false);
        }

        try
        {
            await _multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Closing a per-connection Redis multiplexer failed");
        }

        _multiplexer.Dispose();
    }

    // The client raises its events on other threads, in no guaranteed order: a failure reported after the restore
    // that followed it would leave the subscription counted missing for good. So a failure starts its own wait for
    // Redis' confirmation, as a revalidation does; the restore event only hurries it along.
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => Revalidate();

    /// <summary>Counts this subscription missing until Redis confirms it again.</summary>
    internal void Revalidate()
    {
        if (!_disposed && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            _owner.Bus.SubscriptionLost();
            _ = ConfirmRestoredAsync();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _ = ConfirmRestoredAsync();

    private async Task ConfirmRestoredAsync()
    {
        // The restore event can come before the re-SUBSCRIBE: ask Redis for this connection's own subscription count,
        // on the node holding each subscription (a cluster client has a socket to every master).
        while (Volatile.Read(ref _lost) == 1 && !_disposed)
        {
            try
            {
                if (await AllSubscribedAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException
                                           or ObjectDisposedException)
            {
                // Not back yet.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _owner.Bus.SubscriptionBack();
        }
    }
}
