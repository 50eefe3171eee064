using System.Diagnostics;
using System.Net.WebSockets;
using FanoutSim.Model.Chat;

namespace FanoutSim.LoadGen;

/// <summary>
/// One k6 virtual user: runs its sessions back to back, each against the url the balancer picks for its room; with
/// churn, loops dial, session, close and gap as the model plans them, until its sessions or the run's end.
/// </summary>
internal sealed class VirtualUser
{
    private readonly int _id;
    private readonly LoadPlan _plan;
    private readonly UrlBalancer _urls;
    private readonly int _room;

    // The run's rooms, to tell a message of this user's room from one that crossed; null with one room.
    private readonly RoomLayout? _rooms;
    private readonly HttpMessageInvoker _invoker;
    private readonly SendClock _clock;
    private readonly MessagePayload _payload;
    private readonly long _runStart;
    private readonly LoadTimeline _timeline;

    // The run's churn (lengths, gaps, who is present); null for fixed sessions back to back.
    private readonly ChurnSchedule? _churn;

    // Received payloads are counted, and only their head read (sender and stamp): one buffer per user is reused by
    // all its sessions, big enough for any message the server takes; a longer one's tail goes to the second.
    private readonly byte[] _receiveBuffer = new byte[MessagePayload.ServerContentLimit];
    private readonly byte[] _tailBuffer = new byte[1024];

    /// <param name="rooms">the run's rooms (this user's is the one it is placed in); null for one room</param>
    /// <param name="clock">when the user's sends fall, as its class sends</param>
    /// <param name="payload">the user's messages, sized as its class says</param>
    /// <param name="runStart">the Stopwatch timestamp every user's latency stamps count from</param>
    /// <param name="churn">the run's churn; null for fixed sessions back to back</param>
    public VirtualUser(int id, LoadPlan plan, UrlBalancer urls, RoomLayout? rooms, HttpMessageInvoker invoker,
        SendClock clock, MessagePayload payload, LoadTimeline timeline, long runStart, ChurnSchedule? churn = null)
    {
        _id = id;
        _churn = churn;
        _rooms = rooms;
        _room = rooms?.RoomOf(id) ?? 0;
        _runStart = runStart;
        _timeline = timeline;
        _plan = plan;
        _urls = urls;
        _invoker = invoker;
        _clock = clock;
        _payload = payload;
    }

    public UserTally Tally { get; } = new();

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
            churn.Dialled(_room);
            int current = connection;
            try
            {
                await RunSessionAsync(() => churn.LengthOf(current, Stopwatch.GetElapsedTime(epoch)), stop)
                    .ConfigureAwait(false);
            }
            finally
            {
                churn.Ended(_room);
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
        if (!await ConnectAsync(ws, stop).ConfigureAwait(false))
        {
            return;
        }

        _timeline.SessionOpened();
        TimeSpan length = lengthAtOpen();
        var state = new SessionState();
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task receive = ReceiveLoopAsync(ws, state, stop);
        Task send = SendLoopAsync(ws, state, length, sessionCts.Token);
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
        bool closed = !cut && await CloseAsync(ws, receive).ConfigureAwait(false);
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

    private async Task<bool> ConnectAsync(ClientWebSocket ws, CancellationToken stop)
    {
        using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connectCts.CancelAfter(_plan.ConnectTimeout);
        try
        {
            await ws.ConnectAsync(_urls.Pick(_room), _invoker, connectCts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested
                                  && e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            Tally.ConnectFailures++;
            await Task.Delay(_plan.FailureBackoff, stop).ConfigureAwait(false);
            return false;
        }
    }

    private async Task SendLoopAsync(ClientWebSocket ws, SessionState state, TimeSpan length, CancellationToken closing)
    {
        long openedAt = Stopwatch.GetTimestamp();
        _clock.Restart();
        try
        {
            while (true)
            {
                // Due times count from the open (no drift), like a steady setInterval. A send due after the close
                // (late by its jitter, or a Poisson gap past it) is never made, as in the model, even when a busy
                // machine runs the close late; a tick due on the close races it as in k6.
                TimeSpan due = _clock.Next();
                if (due > length)
                {
                    return;
                }
                TimeSpan wait = due - Stopwatch.GetElapsedTime(openedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, closing).ConfigureAwait(false);
                }
                if (!state.Counting || ws.State != WebSocketState.Open)
                {
                    return;
                }
                // Not cancellable by the close: a send cancelled half-way may still reach the server, and
                // then a message would be delivered that was never counted as sent.
                // One send at a time per user, and SendAsync has copied the frame when it returns: the buffer is
                // stamped in place.
                ReadOnlyMemory<byte> message = _payload.Next();
                // With churn the message is owed to the members in a session now, as the model counts it.
                long owed = _churn?.PresentIn(_room) ?? 0;
                LatencyStamp.Write(_payload.Buffer, _runStart, Stopwatch.GetTimestamp());
                await ws.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None)
                    .ConfigureAwait(false);
                Tally.Sent++;
                Tally.ExpectedPresent += owed;
                _timeline.Sent();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The close timer won the race, or the server dropped us: either way this session sends no more.
        }
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
                if (_rooms is not null && !FromOwnRoom(message))
                {
                    state.Foreign++;
                    continue;
                }
                state.Received++;
                _timeline.Received();
                if (LatencyStamp.Age(message, _runStart, Stopwatch.GetTimestamp()) is { } age)
                {
                    state.Latencies.Add((float)age);
                }
            }
        }
    }

    /// <summary>Whether a member of this user's room sent the message (one from no user of the run is foreign too).
    /// </summary>
    private bool FromOwnRoom(ReadOnlySpan<byte> message) =>
        MessageSender.Of(message) is { } sender && sender < _rooms!.Users && _rooms.RoomOf(sender) == _room;

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
