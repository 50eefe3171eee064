using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// "per-connection" mode, faithful to the reference server: every WebSocket opens its own Redis
/// connection and its own SUBSCRIBE, so Redis sends one copy of each message per WebSocket. With client sharding the
/// connection goes to the room's shard only; in a cluster the client connects to the masters it discovers (one socket
/// each) and SUBSCRIBEs at the channel's slot owner.
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

    public async ValueTask<IAsyncDisposable> JoinAsync(
        string room, WebSocketSession session, CancellationToken cancellationToken)
    {
        string name = $"fanout-ws-{_options.InstanceId}-{session.ConnectionNumber}";
        RedisLayout layout = Bus.Layout;
        ConfigurationOptions config = RedisBus.CreateOptions(
            layout.NodeConfigurations[layout.NodeOf(room)], name, singleSocket: true);
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

            ChannelMessageQueue queue = await RoomSubscriptions
                .SubscribeAsync(multiplexer, RoomSubscriptions.ChannelFor(layout, room))
                .ConfigureAwait(false);
            var subscriber = new PerConnectionSubscriber(this, multiplexer, queue, session, _metrics, _logger);
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

/// <summary>One WebSocket's private Redis connection and subscription.</summary>
public sealed class PerConnectionSubscriber : IAsyncDisposable
{
    private readonly PerConnectionSubscriptions _owner;
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ChannelMessageQueue _queue;
    private readonly ILogger _logger;
    private int _lost;
    private volatile bool _disposed;

    public PerConnectionSubscriber(
        PerConnectionSubscriptions owner,
        ConnectionMultiplexer multiplexer,
        ChannelMessageQueue queue,
        WebSocketSession session,
        ServerMetrics metrics,
        ILogger logger)
    {
        _owner = owner;
        _multiplexer = multiplexer;
        _queue = queue;
        _logger = logger;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        // Each connection parses its own copy, as the reference did; that cost is part of what is modelled.
        queue.OnMessage(message =>
        {
            byte[]? content = ChatMessage.TryExtractContent(((ReadOnlyMemory<byte>)message.Message).Span);
            if (content is null)
            {
                metrics.Lost(LossCause.InvalidFromRedis);
                return;
            }

            session.Enqueue(content);
        });
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

        await RoomSubscriptions.UnsubscribeQuietlyAsync(_queue, _logger).ConfigureAwait(false);
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
        // on the node holding the subscription (a cluster client has a socket to every master).
        RedisChannel channel = _queue.Channel;
        string none = channel.IsSharded ? " ssub=0 " : " sub=0 ";
        while (Volatile.Read(ref _lost) == 1 && !_disposed)
        {
            try
            {
                System.Net.EndPoint? endpoint = _multiplexer.GetSubscriber().SubscribedEndpoint(channel);
                string? info = (string?)await (endpoint is null
                        ? _multiplexer.GetDatabase().ExecuteAsync("CLIENT", "INFO")
                        : _multiplexer.GetServer(endpoint).ExecuteAsync("CLIENT", "INFO"))
                    .ConfigureAwait(false);
                if (info is not null && !info.Contains(none, StringComparison.Ordinal))
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
