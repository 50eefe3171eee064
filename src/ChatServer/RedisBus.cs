using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// The process-wide Redis connection used for PUBLISH, health and (in per-task mode) the room
/// subscriptions. It is created disconnected-tolerant so a Redis outage never stops the server.
/// </summary>
public sealed class RedisBus : IHostedService, IAsyncDisposable
{
    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<RedisBus> _logger;
    private ConnectionMultiplexer? _shared;

    public RedisBus(IOptions<ChatOptions> options, ServerMetrics metrics, ILogger<RedisBus> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
    }

    public ConnectionMultiplexer Shared =>
        _shared ?? throw new InvalidOperationException("RedisBus has not been started.");

    public bool IsConnected => _shared?.IsConnected ?? false;

    /// <summary>Connection settings tuned to notice an outage fast and to come back on their own.</summary>
    public static ConfigurationOptions CreateOptions(string configuration, string clientName, bool singleSocket)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        // CLIENT SETNAME refuses spaces and control characters, which a machine name may contain.
        options.ClientName = string.Create(clientName.Length, clientName, static (span, name) =>
        {
            for (var i = 0; i < span.Length; i++)
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

        return options;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = CreateOptions(_options.Redis, $"fanout-chat-{_options.InstanceId}", singleSocket: false);
        _shared = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        _shared.ConnectionFailed += OnConnectionFailed;
        _shared.ConnectionRestored += OnConnectionRestored;
        if (!_shared.IsConnected)
        {
            _logger.LogWarning("Redis at {Redis} is not reachable yet; will keep retrying", _options.Redis);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishAsync(RedisChannel channel, byte[] payload) =>
        Shared.GetSubscriber().PublishAsync(channel, payload);

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            _shared.ConnectionFailed -= OnConnectionFailed;
            _shared.ConnectionRestored -= OnConnectionRestored;
            await _shared.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            _shared.Dispose();
            _shared = null;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _logger.LogWarning("Redis connection lost ({FailureType}): {Message}", e.FailureType, e.Exception?.Message);
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
