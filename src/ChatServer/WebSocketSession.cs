using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// One client connection: a receive loop that publishes what the client says, and a single
/// writer loop (WebSocket allows only one concurrent sender) that drains the bounded outbound queue
/// and also sends the close frame. A connection may be in several rooms (the path's and each `join`): then every frame
/// names its room first (<see cref="RoomLine"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "RunAsync owns the token sources and disposes them when the session ends; nothing uses it after.")]
public sealed class WebSocketSession
{
    private static long s_connectionCounter;

    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly RedisBus _bus;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outbound;
    private readonly RedisChannel[] _channels;

    // With several rooms, what a frame starts with for each room (both directions); with one, nothing.
    private readonly byte[][] _lines;
    private readonly CancellationTokenSource _closeRequestedCts = new();
    private readonly CancellationTokenSource _abortCts = new();
    private readonly TimeSpan _writeTimeout;
    private int _closeRequested;
    private int _queuedItems;
    private int _writeTimedOut;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "";

    public WebSocketSession(string room, ChatOptions options, ServerMetrics metrics, RedisBus bus, ILogger logger)
        : this([room], options, metrics, bus, logger)
    {
    }

    /// <param name="rooms">the connection's rooms, the path's first; distinct, none holding a line feed</param>
    public WebSocketSession(
        IReadOnlyList<string> rooms, ChatOptions options, ServerMetrics metrics, RedisBus bus, ILogger logger)
    {
        Rooms = rooms;
        Room = rooms[0];
        _options = options;
        _metrics = metrics;
        _bus = bus;
        _logger = logger;
        ConnectionNumber = Interlocked.Increment(ref s_connectionCounter);
        User = $"{options.InstanceId}-{ConnectionNumber}";
        _channels = [.. rooms.Select(r => RoomSubscriptions.ChannelFor(bus.Layout, r))];
        _lines = rooms.Count == 1 ? [[]] : [.. rooms.Select(RoomLine.Of)];
        _writeTimeout = TimeSpan.FromMilliseconds(options.WriteTimeoutMs);
        _outbound = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(options.OutboundQueue)
            {
                FullMode = options.OutboundFullMode,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            dropped =>
            {
                Release(dropped);
                metrics.Dropped();
            });
    }

    /// <summary>The room of the connection's path (its only one, or the first of several).</summary>
    public string Room { get; }

    /// <summary>Every room of the connection, the path's first.</summary>
    public IReadOnlyList<string> Rooms { get; }

    /// <summary>The connection is in several rooms: its frames name their room.</summary>
    public bool SeveralRooms => _lines.Length > 1;

    /// <summary>What a frame of room <paramref name="index"/> (of <see cref="Rooms"/>) starts with: nothing with one
    /// room, its name and a line feed with several.</summary>
    public byte[] LineOf(int index) => _lines[index];

    public string User { get; }

    public long ConnectionNumber { get; }

    /// <summary>Queues content for the client; never blocks the Redis delivery loop.</summary>
    public void Enqueue(byte[] content)
    {
        // Past the process-wide budget only connections that have fallen behind lose messages: one whose queue
        // is empty always gets the next, so readers that keep up never pay for slow ones.
        if (Volatile.Read(ref _queuedItems) > 0
            && _metrics.QueuedBytes + content.Length > _options.OutboundBudgetBytes)
        {
            _metrics.Lost(LossCause.MemoryBudget);
            return;
        }

        Interlocked.Increment(ref _queuedItems);
        _metrics.AddQueuedBytes(content.Length);
        if (!_outbound.Writer.TryWrite(content))
        {
            // Only once the session is finished; those messages were never owed to the client.
            Release(content);
        }
    }

    private void Release(byte[] content)
    {
        Interlocked.Decrement(ref _queuedItems);
        _metrics.AddQueuedBytes(-content.Length);
    }

    /// <summary>Asks the writer loop to send a close frame; the first reason wins.</summary>
    public void RequestClose(WebSocketCloseStatus status, string description)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeDescription = description;
        _closeRequestedCts.Cancel();
        // A peer that never answers the close frame must not hold the connection forever.
        _abortCts.CancelAfter(_options.CloseTimeoutMs);
    }

    public async Task RunAsync(WebSocket socket, CancellationToken stopping)
    {
        CancellationTokenRegistration stoppingRegistration = stopping.Register(
            static state => ((WebSocketSession)state!).RequestClose(
                WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
            this);
        // The writer stops through the close path (RequestClose above), not by the host's token.
        var writer = Task.Run(() => WriteLoopAsync(socket), CancellationToken.None);
        try
        {
            await ReceiveLoopAsync(socket).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Connections.ConnectionAbortedException ex)
            when (Volatile.Read(ref _closeRequested) == 0 && Volatile.Read(ref _writeTimedOut) == 0)
        {
            // Only the keep-alive aborts a connection nobody asked to close: no pong within Chat:ReadTimeoutMs,
            // from a peer that does not read or one stalled inside a frame.
            _metrics.TimeoutClosed();
            _logger.LogInformation(
                "Connection {ConnectionId} in room {Room} aborted: read timeout ({Message})",
                ConnectionNumber, Room, ex.Message);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException
                                       or ObjectDisposedException
                                       or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // Abrupt disconnects are normal traffic, not errors worth a log line under load.
            _logger.LogDebug(
                "Connection {ConnectionId} in room {Room} ended: {Message}", ConnectionNumber, Room, ex.Message);
        }
        finally
        {
            // Unregister first so a late shutdown callback cannot touch the disposed token sources.
            stoppingRegistration.Dispose();
            if (Volatile.Read(ref _closeRequested) == 0)
            {
                // The peer is gone without a close handshake: nothing more can be sent, so don't
                // let the writer sit on a dead socket.
                _abortCts.Cancel();
            }

            _outbound.Writer.TryComplete();
            _closeRequestedCts.Cancel();
            await writer.ConfigureAwait(false);
            while (_outbound.Reader.TryRead(out byte[]? unsent))
            {
                Release(unsent);
            }
            _closeRequestedCts.Dispose();
            _abortCts.Dispose();
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket)
    {
        // One byte of slack: a message exactly at the limit may still end with an empty final frame. The limit is the
        // message's: a room line comes on top.
        int limit = _options.MaxMessageBytes;
        int frameLimit = limit + (SeveralRooms ? RoomLine.MaxRoomNameLength + 1 : 0);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(frameLimit + 1);
        var jsonBuffer = new ArrayBufferWriter<byte>(256);
        Utf8JsonWriter? json = null;
        try
        {
            while (true)
            {
                int count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket
                        .ReceiveAsync(buffer.AsMemory(count, frameLimit + 1 - count), _abortCts.Token)
                        .ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        RequestClose(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "");
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        _metrics.BinaryRejected();
                        RequestClose(WebSocketCloseStatus.InvalidMessageType, "text frames only");
                        await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                        return;
                    }

                    count += result.Count;
                    if (count > frameLimit)
                    {
                        // The limit applies to the message, whatever its fragmentation.
                        _metrics.OversizedRejected();
                        RequestClose(WebSocketCloseStatus.MessageTooBig, "message too big");
                        await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                        return;
                    }
                }
                while (!result.EndOfMessage);

                if (Volatile.Read(ref _closeRequested) != 0)
                {
                    continue;
                }

                (int room, int start) = SeveralRooms ? RoomLine.Split(buffer.AsSpan(0, count), _lines) : (0, 0);
                if (room < 0)
                {
                    RequestClose(WebSocketCloseStatus.PolicyViolation,
                        "in several rooms a frame starts with one of them and a line feed");
                    await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                    return;
                }

                if (count - start > limit)
                {
                    _metrics.OversizedRejected();
                    RequestClose(WebSocketCloseStatus.MessageTooBig, "message too big");
                    await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                    return;
                }

                _metrics.MessageIn();
                byte[] payload;
                try
                {
                    ChatMessage.Write(jsonBuffer, ref json, ChatMessage.NewId(), User,
                        buffer.AsSpan(start, count - start), Rooms[room], DateTimeOffset.UtcNow);
                    payload = jsonBuffer.WrittenSpan.ToArray();
                }
                catch (ArgumentException)
                {
                    RequestClose(WebSocketCloseStatus.InvalidPayloadData, "invalid UTF-8");
                    await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                    return;
                }

                string? refusal = await PublishAsync(room, payload).ConfigureAwait(false);
                if (refusal is not null)
                {
                    // The sender learns its message was not delivered; retrying later is its call.
                    RequestClose(CloseCodes.TryAgainLater, refusal);
                    await DrainUntilCloseAsync(socket, buffer).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            json?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Null when Redis took the message for at least one subscriber, otherwise the close reason.</summary>
    private async Task<string?> PublishAsync(int room, byte[] payload)
    {
        if (!_bus.CanDeliver)
        {
            return Lose(LossCause.RedisUnavailable, "redis unavailable: message not delivered");
        }

        try
        {
            if (await _bus.PublishAsync(Rooms[room], _channels[room], payload).ConfigureAwait(false) == 0)
            {
                // The sender's own subscription should have received it: the room's subscriptions are missing.
                return Lose(LossCause.NoSubscribers, "no subscribers: message not delivered");
            }

            return null;
        }
        catch (TimeoutException)
        {
            return Lose(LossCause.PublishTimeout, "redis timeout: message may not be delivered");
        }
        catch (RedisException)
        {
            return Lose(LossCause.PublishFailed, "redis error: message not delivered");
        }
    }

    private string Lose(LossCause cause, string reason)
    {
        _metrics.Lost(cause);
        _logger.LogWarning(
            "Message from connection {ConnectionId} in room {Room} lost: {Cause}",
            ConnectionNumber, Room, LossCauses.Name(cause));
        return reason;
    }

    /// <summary>After we have asked to close, read and discard until the peer's close frame arrives.</summary>
    private async Task DrainUntilCloseAsync(WebSocket socket, byte[] buffer)
    {
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), _abortCts.Token)
                .ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    private async Task WriteLoopAsync(WebSocket socket)
    {
        ChannelReader<byte[]> reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closeRequestedCts.Token).ConfigureAwait(false))
            {
                while (!_closeRequestedCts.IsCancellationRequested && reader.TryRead(out byte[]? content))
                {
                    Release(content);
                    Task send = socket.SendAsync(
                        content, WebSocketMessageType.Text, endOfMessage: true, _abortCts.Token);
                    if (!send.IsCompleted)
                    {
                        // Only a send held up by back-pressure pays for the timeout (the usual one completes at once).
                        await send.WaitAsync(_writeTimeout).ConfigureAwait(false);
                    }
                    else
                    {
                        await send.ConfigureAwait(false);
                    }

                    _metrics.MessageOut();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Close requested, or the session is over.
        }
        catch (TimeoutException)
        {
            // The peer has not taken a frame for Chat:WriteTimeoutMs: it must not hold the slot and the queue.
            _metrics.TimeoutClosed();
            Volatile.Write(ref _writeTimedOut, 1);
            _logger.LogInformation(
                "Connection {ConnectionId} in room {Room} aborted: write timeout", ConnectionNumber, Room);
            _abortCts.Cancel();
            socket.Abort();
            return;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            _logger.LogDebug(
                "Send to connection {ConnectionId} in room {Room} failed: {Message}",
                ConnectionNumber,
                Room,
                ex.Message);
            _abortCts.Cancel();
            return;
        }

        if (Volatile.Read(ref _closeRequested) == 0)
        {
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(_closeStatus, _closeDescription, _abortCts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException
                                       or ObjectDisposedException)
        {
            _logger.LogDebug(
                "Close to connection {ConnectionId} in room {Room} failed: {Message}",
                ConnectionNumber,
                Room,
                ex.Message);
        }
    }
}
