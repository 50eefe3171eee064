using System.Diagnostics;
using System.Net.WebSockets;
using FanoutSim.Model.Chat;

namespace FanoutSim.LoadGen;

/// <summary>
/// One k6 virtual user: runs its sessions back to back, each against the url the balancer picks for its room; with
/// churn, loops dial, session, close and gap as the model plans them, until its sessions or the run's end. A user in
/// several rooms is one connection that joins them all (the url the balancer picks for its first room, as the model
/// places it), sends in each as its class says, and tells their messages apart by the room each frame names.
/// </summary>
internal sealed class VirtualUser
{
    private readonly int _id;
    private readonly LoadPlan _plan;
    private readonly UrlBalancer _urls;
    private readonly int _room;

    // The user's rooms, its first at seat 0; with several, the query that joins the rest.
    private readonly UserRoom[] _seats;
    private readonly string? _joins;

    // The run's rooms, to tell a message of this user's room from one that crossed; null with one room.
    private readonly RoomLayout? _rooms;
    private readonly HttpMessageInvoker _invoker;
    private readonly long _runStart;
    private readonly LoadTimeline _timeline;

    // The run's churn (lengths, gaps, who is present); null for fixed sessions back to back.
    private readonly ChurnSchedule? _churn;

    // Received payloads are counted, and only their head read (sender and stamp): one buffer per user is reused by
    // all its sessions, big enough for any message the server takes; a longer one's tail goes to the second.
    private readonly byte[] _receiveBuffer = new byte[MessagePayload.ServerContentLimit];
    private readonly byte[] _tailBuffer = new byte[1024];

    /// <param name="rooms">the run's rooms (this user's are those it is placed in); null for one room</param>
    /// <param name="seats">the user's rooms as it sends in them (when, and what), its first room first</param>
    /// <param name="joins">with several rooms, the query that joins the rooms past the first; null with one</param>
    /// <param name="runStart">the Stopwatch timestamp every user's latency stamps count from</param>
    /// <param name="churn">the run's churn; null for fixed sessions back to back</param>
    public VirtualUser(int id, LoadPlan plan, UrlBalancer urls, RoomLayout? rooms, HttpMessageInvoker invoker,
        IReadOnlyList<UserRoom> seats, string? joins, LoadTimeline timeline, long runStart,
        ChurnSchedule? churn = null)
    {
        _id = id;
        _churn = churn;
        _rooms = rooms;
        _seats = [.. seats];
        _room = _seats[0].Room;
        _joins = joins;
        _runStart = runStart;
        _timeline = timeline;
        _plan = plan;
        _urls = urls;
        _invoker = invoker;
        Tally = new UserTally(_seats.Length);
    }

    public UserTally Tally { get; }

    /// <param name="startDelay">when the first dial comes (with churn, the schedule's own)</param>
    /// <param name="epoch">the Stopwatch timestamp of the run's start, which churn's times count from</param>
    public async Task RunAsync(TimeSpan startDelay, long epoch, CancellationToken stop)
    {
        try
        {
            if (_churn is not null)
            {
                await RunChurnAsync(_churn, epoch, stop).ConfigureAwait(false);
                return;
            }
            if (startDelay > TimeSpan.Zero)
            {
                await Task.Delay(startDelay, stop).ConfigureAwait(false);
            }
            for (int s = 0; s < _plan.Sessions && !stop.IsCancellationRequested; s++)
            {
                await RunSessionAsync(() => _plan.Session, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The hard max-duration stop: the counts so far are reported.
        }
    }

    /// <summary>
    /// The model's churn loop: the first dial when the schedule says, then each session its drawn length (cut at the
    /// run's end), and the drawn gap after its end before the next dial, while the plan has one due before the end.
    /// </summary>
    private async Task RunChurnAsync(ChurnSchedule churn, long epoch, CancellationToken stop)
    {
        SessionPlan plan = churn.Sessions;
        int connection = plan.ConnectionOf(_id, 0);
        TimeSpan dialAt = churn.FirstDial(_id);
        for (int session = 0; !stop.IsCancellationRequested; session++)
        {
            TimeSpan wait = dialAt - Stopwatch.GetElapsedTime(epoch);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop).ConfigureAwait(false);
            }
            if (session > 0)
            {
                Tally.Reconnects.Add(Stopwatch.GetElapsedTime(epoch).TotalSeconds);
            }
            // Present in every room of the user from the dial to the session's end, as the model counts it.
            foreach (UserRoom seat in _seats)
            {
                churn.Dialled(seat.Room);
            }
            int current = connection;
            try
            {
                await RunSessionAsync(() => churn.LengthOf(current, Stopwatch.GetElapsedTime(epoch)), stop)
                    .ConfigureAwait(false);
            }
            finally
            {
                foreach (UserRoom seat in _seats)
                {
                    churn.Ended(seat.Room);
                }
            }
            double endedAt = Stopwatch.GetElapsedTime(epoch).TotalSeconds;
            if (!plan.Next(connection, endedAt, out connection, out double next))
            {
                return;
            }
            Tally.Disconnects.Add(endedAt);
            dialAt = TimeSpan.FromSeconds(next);
        }
    }

    /// <param name="lengthAtOpen">the session's length from open to close call, asked once it opened</param>
    private async Task RunSessionAsync(Func<TimeSpan> lengthAtOpen, CancellationToken stop)
    {
        long dialStart = Stopwatch.GetTimestamp();
        using var ws = new ClientWebSocket();
        // k6 sends no pings; keep-alive frames would only add traffic the reference did not have.
        ws.Options.KeepAliveInterval = TimeSpan.Zero;
        if (!await ConnectAsync(ws, dialStart, stop).ConfigureAwait(false))
        {
            return;
        }
        Tally.ConnectSeconds.Add(Stopwatch.GetElapsedTime(dialStart).TotalSeconds);

        _timeline.SessionOpened();
        TimeSpan length = lengthAtOpen();
        var state = new SessionState { Further = [.. _seats.Skip(1).Select(_ => new RoomCounts())] };
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task receive = ReceiveLoopAsync(ws, state, stop);
        // One send loop per room the user sends in; WebSocket takes one send at a time, so several share a lock.
        int[] sending = [.. Enumerable.Range(0, _seats.Length).Where(s => _seats[s].Clock.Sends)];
        using SemaphoreSlim? sendLock = sending.Length > 1 ? new SemaphoreSlim(1, 1) : null;
        var send = Task.WhenAll(sending.Select(s => SendLoopAsync(ws, state, length, s, sendLock, sessionCts.Token)));
        bool cut = false;
        try
        {
            await Task.Delay(length, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cut = true;
        }

        // Close time: stop counting first, so in-flight messages are dropped like k6 drops them.
        state.Counting = false;
        await sessionCts.CancelAsync().ConfigureAwait(false);
        await send.ConfigureAwait(false);
        long closeCall = Stopwatch.GetTimestamp();
        bool closed = !cut && await CloseAsync(ws, receive).ConfigureAwait(false);
        if (!cut)
        {
            // Closed, or abandoned at the close timeout: either way the client waited this long.
            Tally.CloseSeconds.Add(Stopwatch.GetElapsedTime(closeCall).TotalSeconds);
        }
        if (!closed)
        {
            ws.Abort();
        }
        try
        {
            await receive.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // An aborted socket ends its receive loop with an exception; the count is already taken.
        }

        _timeline.SessionEnded();
        UserTally t = Tally;
        t.Received += Interlocked.Read(ref state.Received);
        t.Foreign += state.Foreign;
        t.Latencies.AddRange(state.Latencies);
        for (int f = 0; f < state.Further.Length; f++)
        {
            t.Further[f].Received += state.Further[f].Received;
            t.Further[f].Latencies.AddRange(state.Further[f].Latencies);
        }
        t.Sessions++;
        t.SessionSeconds.Add(Stopwatch.GetElapsedTime(dialStart).TotalSeconds);
        if (cut)
        {
            t.SessionsCutShort++;
        }
        else if (!closed)
        {
            t.ClosesAbandoned++;
        }
    }

    /// <param name="dialStart">the Stopwatch timestamp of the dial, from which a failed one's time counts</param>
    private async Task<bool> ConnectAsync(ClientWebSocket ws, long dialStart, CancellationToken stop)
    {
        using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connectCts.CancelAfter(_plan.ConnectTimeout);
        try
        {
            await ws.ConnectAsync(_urls.Pick(_room, _joins), _invoker, connectCts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested
                                  && e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            Tally.ConnectFailures++;
            Tally.FailedConnectSeconds.Add(Stopwatch.GetElapsedTime(dialStart).TotalSeconds);
            await Task.Delay(_plan.FailureBackoff, stop).ConfigureAwait(false);
            return false;
        }
    }

    /// <param name="seat">which of the user's rooms the loop sends in</param>
    /// <param name="sendLock">with several send loops, the one send at a time the socket allows; null with one</param>
    private async Task SendLoopAsync(ClientWebSocket ws, SessionState state, TimeSpan length, int seat,
        SemaphoreSlim? sendLock, CancellationToken closing)
    {
        long openedAt = Stopwatch.GetTimestamp();
        UserRoom room = _seats[seat];
        SendClock clock = room.Clock;
        MessagePayload payload = room.Payload;
        clock.Restart();
        try
        {
            while (true)
            {
                // Due times count from the open (no drift), like a steady setInterval. A send due after the close
                // (late by its jitter, or a Poisson gap past it) is never made, as in the model, even when a busy
                // machine runs the close late; a tick due on the close races it as in k6.
                TimeSpan due = clock.Next();
                if (due > length)
                {
                    return;
                }
                TimeSpan wait = due - Stopwatch.GetElapsedTime(openedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, closing).ConfigureAwait(false);
                }
                if (sendLock is not null)
                {
                    await sendLock.WaitAsync(closing).ConfigureAwait(false);
                }
                try
                {
                    if (!state.Counting || ws.State != WebSocketState.Open)
                    {
                        return;
                    }
                    await SendAsync(ws, room, seat).ConfigureAwait(false);
                }
                finally
                {
                    sendLock?.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The close timer won the race, or the server dropped us: either way this session sends no more.
        }
    }

    /// <summary>One message of <paramref name="room"/>, counted as sent and owed in the user's seat there.</summary>
    private async Task SendAsync(ClientWebSocket ws, UserRoom room, int seat)
    {
        // Not cancellable by the close: a send cancelled half-way may still reach the server, and
        // then a message would be delivered that was never counted as sent.
        // One send at a time per room, and SendAsync has copied the frame when it returns: the buffer is
        // stamped in place.
        ReadOnlyMemory<byte> message = room.Payload.Next();
        // With churn the message is owed to the members in a session now, as the model counts it.
        long owed = _churn?.PresentIn(room.Room) ?? 0;
        LatencyStamp.Write(room.Payload.Buffer, _runStart, Stopwatch.GetTimestamp());
        await ws.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None)
            .ConfigureAwait(false);
        if (seat == 0)
        {
            Tally.Sent++;
            Tally.ExpectedPresent += owed;
        }
        else
        {
            Tally.Further[seat - 1].Sent++;
            Tally.Further[seat - 1].Owed += owed;
        }
        _timeline.Sent();
    }

    private async Task ReceiveLoopAsync(ClientWebSocket ws, SessionState state, CancellationToken stop)
    {
        // A message may arrive in pieces (a big one over several reads): its head is gathered from the buffer's start.
        int head = 0;
        while (true)
        {
            Memory<byte> into = head < _receiveBuffer.Length ? _receiveBuffer.AsMemory(head) : _tailBuffer;
            ValueWebSocketReceiveResult r = await ws.ReceiveAsync(into, stop).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            head = Math.Min(head + r.Count, _receiveBuffer.Length);
            if (!r.EndOfMessage)
            {
                continue;
            }
            ReadOnlySpan<byte> message = _receiveBuffer.AsSpan(0, head);
            head = 0;
            if (state.Counting)
            {
                // In several rooms the frame names its room first; in one, the message is the whole frame.
                int seat = _seats.Length == 1 ? 0 : SeatOf(message);
                if (seat >= 0)
                {
                    message = message[_seats[seat].Line.Length..];
                }
                if (seat < 0 || (_rooms is not null && !FromMember(message, _seats[seat].Room)))
                {
                    state.Foreign++;
                    continue;
                }
                _timeline.Received();
                double? age = LatencyStamp.Age(message, _runStart, Stopwatch.GetTimestamp());
                if (seat == 0)
                {
                    state.Received++;
                    if (age is { } a)
                    {
                        state.Latencies.Add((float)a);
                    }
                }
                else
                {
                    state.Further[seat - 1].Received++;
                    if (age is { } a)
                    {
                        state.Further[seat - 1].Latencies.Add((float)a);
                    }
                }
            }
        }
    }

    /// <summary>The seat of the room a frame names (its line), or -1 when it names none of the user's rooms.</summary>
    private int SeatOf(ReadOnlySpan<byte> frame)
    {
        for (int s = 0; s < _seats.Length; s++)
        {
            if (frame.StartsWith(_seats[s].Line))
            {
                return s;
            }
        }
        return -1;
    }

    /// <summary>Whether a member of <paramref name="room"/> sent the message (one from no user of the run is foreign
    /// too): a room of new members holds the users it is first to, a shared room users of earlier classes.</summary>
    private bool FromMember(ReadOnlySpan<byte> message, int room) =>
        MessageSender.Of(message) is { } sender && sender < _rooms!.Users
        && (_rooms.IsShared(room) ? _rooms.RoomsOf(sender).Contains(room) : _rooms.RoomOf(sender) == room);

    /// <summary>
    /// Sends our close frame and waits, bounded, for the server's; the receive loop drains meanwhile.
    /// </summary>
    private async Task<bool> CloseAsync(ClientWebSocket ws, Task receive)
    {
        using var closeCts = new CancellationTokenSource(_plan.CloseTimeout);
        try
        {
            if (ws.State == WebSocketState.Open || ws.State == WebSocketState.CloseReceived)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeCts.Token)
                    .ConfigureAwait(false);
            }
            await receive.WaitAsync(closeCts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException
                                  or TimeoutException)
        {
            return false;
        }
    }
}
