using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// "per-connection" mode, faithful to the reference server: every WebSocket opens its own Redis
/// connection and its own SUBSCRIBE, so Redis sends one copy of each message per WebSocket.
/// </summary>
public sealed class PerConnectionSubscriptions : IRoomSubscriptions
{
    private readonly ChatOptions _options;
    private readonly ILogger<PerConnectionSubscriber> _logger;

    public PerConnectionSubscriptions(Microsoft.Extensions.Options.IOptions<ChatOptions> options, ILogger<PerConnectionSubscriber> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public async ValueTask<IAsyncDisposable> JoinAsync(string room, WebSocketSession session, CancellationToken cancellationToken)
    {
        var config = RedisBus.CreateOptions(_options.Redis, $"fanout-ws-{_options.InstanceId}-{session.ConnectionNumber}", singleSocket: true);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        try
        {
            var queue = await RoomSubscriptions.SubscribeAsync(multiplexer, RoomSubscriptions.ChannelFor(room), _logger).ConfigureAwait(false);
            return new PerConnectionSubscriber(multiplexer, queue, session, _logger);
        }
        catch
        {
            multiplexer.Dispose();
            throw;
        }
    }
}

/// <summary>One WebSocket's private Redis connection and subscription.</summary>
public sealed class PerConnectionSubscriber : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ChannelMessageQueue _queue;
    private readonly ILogger _logger;

    public PerConnectionSubscriber(ConnectionMultiplexer multiplexer, ChannelMessageQueue queue, WebSocketSession session, ILogger logger)
    {
        _multiplexer = multiplexer;
        _queue = queue;
        _logger = logger;
        // Each connection parses its own copy, as the reference did; that cost is part of what is modelled.
        queue.OnMessage(message =>
        {
            var content = ChatMessage.TryExtractContent(((ReadOnlyMemory<byte>)message.Message).Span);
            if (content is not null)
            {
                session.Enqueue(content);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
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
}
