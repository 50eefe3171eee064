using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace FanoutSim.ChatServer;

/// <summary>
/// GET /ws/{room}: admission control, subscription, then the WebSocket session. `?join=ROOM` (repeatable) puts the
/// connection in those rooms too: one connection for a user in several rooms (see <see cref="RoomLine"/>).
/// </summary>
public sealed class ChatEndpoint
{
    /// <summary>The query parameter naming a further room of the connection.</summary>
    public const string JoinParameter = "join";

    private readonly ChatOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly RedisBus _bus;
    private readonly IRoomSubscriptions _subscriptions;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<WebSocketSession> _logger;
    private readonly HashSet<string> _allowedOrigins;
    private readonly ConcurrentDictionary<IPAddress, int> _perIp = new();

    public ChatEndpoint(
        IOptions<ChatOptions> options,
        ServerMetrics metrics,
        RedisBus bus,
        IRoomSubscriptions subscriptions,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketSession> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _bus = bus;
        _subscriptions = subscriptions;
        _lifetime = lifetime;
        _logger = logger;
        _allowedOrigins = new HashSet<string>(_options.AllowedOriginList, StringComparer.OrdinalIgnoreCase);
    }

    public async Task HandleAsync(HttpContext context, string room)
    {
        IReadOnlyList<string>? rooms = RoomsOf(room, context.Request.Query[JoinParameter]);
        if (!context.WebSockets.IsWebSocketRequest || rooms is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Browsers always send Origin; other clients may not, and an Origin check protects browsers only.
        string origin = context.Request.Headers.Origin.ToString();
        if (_allowedOrigins.Count > 0 && origin.Length > 0 && !_allowedOrigins.Contains(origin))
        {
            _metrics.OriginRejected();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        IPAddress ip = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!TryAddForIp(ip))
        {
            _metrics.ConnectionRejected();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }

        try
        {
            if (_lifetime.ApplicationStopping.IsCancellationRequested
                || !_metrics.TryAddConnection(_options.MaxConnections))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            try
            {
                await ServeAsync(context, rooms).ConfigureAwait(false);
            }
            finally
            {
                _metrics.RemoveConnection();
            }
        }
        finally
        {
            RemoveForIp(ip);
        }
    }

    /// <summary>The path's room and every joined one, or null when one is empty, too long, holds a line feed (it
    /// could not be named on a frame), is named twice, or there are more than the limit.</summary>
    private List<string>? RoomsOf(string room, Microsoft.Extensions.Primitives.StringValues joins)
    {
        List<string> rooms = [room, .. joins.Select(j => j ?? "")];
        bool named = rooms.TrueForAll(r => r.Length is > 0 and <= RoomLine.MaxRoomNameLength);
        return named && rooms.Count <= _options.MaxRoomsPerConnection
            && (rooms.Count == 1 || (rooms.TrueForAll(r => !r.Contains('\n', StringComparison.Ordinal))
                && rooms.Distinct(StringComparer.Ordinal).Count() == rooms.Count))
            ? rooms
            : null;
    }

    private async Task ServeAsync(HttpContext context, IReadOnlyList<string> rooms)
    {
        string room = rooms[0];
        var session = new WebSocketSession(rooms, _options, _metrics, _bus, _logger);
        using IDisposable? scope = _logger.BeginScope(
            new Dictionary<string, object> { ["ConnectionId"] = session.ConnectionNumber, ["Room"] = room });
        IAsyncDisposable membership;
        try
        {
            // Subscribe before accepting: once the client sees the upgrade, it sees every later message.
            membership = await _subscriptions.JoinAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (SubscriptionFailedException ex)
        {
            _metrics.SubscriptionFailed();
            _logger.LogWarning(
                "Connection {ConnectionId} in room {Room} closed with 1013: {Reason}",
                session.ConnectionNumber, room, ex.Message);
            await RefuseAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await session.RunAsync(socket, _lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up during the upgrade.
        }
        finally
        {
            await membership.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Upgrades and closes at once with 1013: a browser never sees the HTTP status of a failed upgrade, but it
    /// does see a close code, so the client knows to retry instead of waiting on a mute connection.
    /// </summary>
    private async Task RefuseAsync(HttpContext context)
    {
        try
        {
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var cts = new CancellationTokenSource(_options.CloseTimeoutMs);
            await socket.CloseAsync(CloseCodes.TryAgainLater, "redis subscription failed", cts.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            _logger.LogDebug("Refusal close failed: {Message}", ex.Message);
        }
    }

    private bool TryAddForIp(IPAddress ip)
    {
        if (_options.MaxConnectionsPerIp == 0)
        {
            return true;
        }

        while (true)
        {
            int current = _perIp.GetOrAdd(ip, 0);
            if (current >= _options.MaxConnectionsPerIp)
            {
                return false;
            }

            if (_perIp.TryUpdate(ip, current + 1, current))
            {
                return true;
            }
        }
    }

    private void RemoveForIp(IPAddress ip)
    {
        if (_options.MaxConnectionsPerIp == 0)
        {
            return;
        }

        while (true)
        {
            int current = _perIp[ip];
            if (current == 1 ? _perIp.TryRemove(new KeyValuePair<IPAddress, int>(ip, 1))
                             : _perIp.TryUpdate(ip, current - 1, current))
            {
                return;
            }
        }
    }
}
