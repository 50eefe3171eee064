using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// The process-wide Redis connections used for PUBLISH, health and (in per-task mode) the room
/// subscriptions: one per node of the <see cref="RedisLayout"/> (one, or one per client shard; a cluster is one
/// connection). They are created disconnected-tolerant so a Redis outage never stops the server.
/// </summary>
public sealed class RedisBus : IHostedService, IAsyncDisposable
{
    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<RedisBus> _logger;
    private ConnectionMultiplexer[]? _nodes;
    private string? _deliveryBlockedReason = "no canary round trip yet";
    private bool _canaryUnsubscribed;
    private int _missingSubscriptions;

    public RedisBus(IOptions<ChatOptions> options, ServerMetrics metrics, ILogger<RedisBus> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        Layout = new RedisLayout(_options.Topology, _options.Redis);
    }

    public RedisLayout Layout { get; }

    /// <summary>The shared connection of each node, in <see cref="RedisLayout.NodeConfigurations"/> order.</summary>
    public IReadOnlyList<ConnectionMultiplexer> Nodes =>
        _nodes ?? throw new InvalidOperationException("RedisBus has not been started.");

    /// <summary>The shared connection that carries <paramref name="room"/>.</summary>
    public ConnectionMultiplexer SharedFor(string room) => Nodes[Layout.NodeOf(room)];

    /// <summary>Every node is reachable (with client sharding, a room on a lost shard could not be served).</summary>
    public bool IsConnected => _nodes is { } nodes && Array.TrueForAll(nodes, node => node.IsConnected);

    /// <summary>Why messages cannot be delivered now (set by the DeliveryMonitor), or null when they can.</summary>
    public string? DeliveryBlockedReason
    {
        get => Volatile.Read(ref _deliveryBlockedReason);
        set => Volatile.Write(ref _deliveryBlockedReason, value);
    }

    /// <summary>
    /// Set by the DeliveryMonitor while the shared connection's own subscriptions are missing (its canary PUBLISH
    /// reached no one), which in per-task mode are the rooms'.
    /// </summary>
    public bool CanaryUnsubscribed
    {
        get => Volatile.Read(ref _canaryUnsubscribed);
        set => Volatile.Write(ref _canaryUnsubscribed, value);
    }

    /// <summary>
    /// Per-connection subscriptions whose Redis connection failed and that Redis has not confirmed again. Kept live,
    /// not sampled by the monitor, so a sender is refused exactly while they are missing and no longer.
    /// </summary>
    public int MissingSubscriptions => Volatile.Read(ref _missingSubscriptions);

    internal void SubscriptionLost() => Interlocked.Increment(ref _missingSubscriptions);

    internal void SubscriptionBack() => Interlocked.Decrement(ref _missingSubscriptions);

    /// <summary>Whether a client's message may be published now; false means it would certainly be lost.</summary>
    public bool CanDeliver => IsConnected && !CanaryUnsubscribed && MissingSubscriptions == 0;

    /// <summary>Raised when the shared connection is lost (an outage begins).</summary>
    public event Action? Failed;

    /// <summary>What /healthz reports: delivering, with the canary round trip within the freeze threshold.</summary>
    public bool IsHealthy => IsConnected && DeliveryBlockedReason is null;

    /// <summary>The start-up maxclients warning, or null when Redis allows the limit (or was not read).</summary>
    public string? MaxClientsWarning { get; private set; }

    /// <summary>Connection settings tuned to notice an outage fast and to come back on their own.</summary>
    public static ConfigurationOptions CreateOptions(string configuration, string clientName, bool singleSocket)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        // CLIENT SETNAME refuses spaces and control characters, which a machine name may contain.
        options.ClientName = string.Create(clientName.Length, clientName, static (span, name) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = name[i] > ' ' && name[i] < (char)127 ? name[i] : '_';
            }
        });
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 3000;
        options.SyncTimeout = 3000;
        options.ConnectRetry = 1;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        // No master-changed broadcast subscription or tie-breaker key: a plain single node needs
        // neither, and they would show up as extra subscribers and commands in the measurements.
        options.ConfigurationChannel = "";
        options.TieBreaker = "";
        if (singleSocket)
        {
            // RESP3 lets SUBSCRIBE share the interactive socket, so one WebSocket costs exactly one
            // Redis connection, as with the reference server.
            options.Protocol = RedisProtocol.Resp3;
            options.SharedSubscriptionConnection = true;
        }
        else
        {
            // Never queue a PUBLISH while disconnected: flushed on reconnect, before the subscriptions are
            // back, it would reach no one. Failing fast lets the sender be told instead.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            // Only for the start-up INFO clients read (maxclients); the server issues no other admin command.
            options.AllowAdmin = true;
        }

        return options;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ConnectionMultiplexer[] nodes = await Task.WhenAll(Layout.NodeConfigurations.Select(configuration =>
                ConnectionMultiplexer.ConnectAsync(
                    CreateOptions(configuration, $"fanout-chat-{_options.InstanceId}", singleSocket: false))))
            .ConfigureAwait(false);
        foreach (ConnectionMultiplexer node in nodes)
        {
            node.ConnectionFailed += OnConnectionFailed;
            node.ConnectionRestored += OnConnectionRestored;
        }

        _nodes = nodes;
        foreach (ConnectionMultiplexer node in nodes)
        {
            if (!node.IsConnected)
            {
                _logger.LogWarning(
                    "Redis at {Redis} is not reachable yet; will keep retrying", node.Configuration);
                continue;
            }

            await WarnIfMaxClientsTooLowAsync(node).ConfigureAwait(false);
        }
    }

    /// <summary>Redis connections this process may need at its connection limit.</summary>
    public static long RedisClientsNeeded(ChatOptions options) =>
        // The shared multiplexer holds an interactive and a subscription socket.
        (options.IsPerConnection ? options.MaxConnections : 0) + 2;

    private async Task WarnIfMaxClientsTooLowAsync(ConnectionMultiplexer node)
    {
        try
        {
            // INFO clients carries maxclients (Redis 7+) and, unlike CONFIG GET, needs no admin mode.
            IServer? server = node.GetServers().FirstOrDefault(s => s.IsConnected);
            IGrouping<string, KeyValuePair<string, string>>[] info = server is null
                ? []
                : await server.InfoAsync("clients").ConfigureAwait(false);
            string value = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "maxclients").Value;
            if (!long.TryParse(value, out long maxClients))
            {
                return;
            }

            long needed = RedisClientsNeeded(_options);
            if (needed > maxClients)
            {
                MaxClientsWarning =
                    $"Redis maxclients is {maxClients} but Chat:MaxConnections={_options.MaxConnections} in "
                    + $"{_options.Subscription} mode needs up to {needed} Redis connections from this process alone; "
                    + "connections beyond it will be closed with 1013";
                _logger.LogWarning(
                    "Redis maxclients {MaxClients} below the {Needed} connections needed: {Warning}",
                    maxClients, needed, MaxClientsWarning);
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            // Some managed Redis services restrict INFO; the check is advisory.
            _logger.LogInformation("Could not read Redis maxclients: {Message}", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// PUBLISH (SPUBLISH for a sharded channel) on the node carrying <paramref name="room"/>; the result is how many
    /// subscribers Redis delivered it to (in a cluster: on the node that took it, which holds the room's routed
    /// subscriptions).
    /// </summary>
    public Task<long> PublishAsync(string room, RedisChannel channel, byte[] payload) =>
        SharedFor(room).GetSubscriber().PublishAsync(channel, payload);

    public async ValueTask DisposeAsync()
    {
        if (_nodes is { } nodes)
        {
            _nodes = null;
            foreach (ConnectionMultiplexer node in nodes)
            {
                node.ConnectionFailed -= OnConnectionFailed;
                node.ConnectionRestored -= OnConnectionRestored;
                await node.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
                node.Dispose();
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _logger.LogWarning("Redis connection lost ({FailureType}): {Message}", e.FailureType, e.Exception?.Message);
            // Until a canary makes it through again: being reconnected is not yet delivering.
            DeliveryBlockedReason = "redis connection lost";
            Failed?.Invoke();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Each physical socket reports separately; counting only the interactive one keeps
        // one outage = one reconnect.
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _metrics.RedisReconnected();
            _logger.LogWarning("Redis connection restored");
        }
    }
}
