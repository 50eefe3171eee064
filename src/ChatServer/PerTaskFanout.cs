using System.Collections.Concurrent;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// "per-task" mode, like SignalR's Redis backplane or Centrifugo: one SUBSCRIBE per room per
/// process on the shared connection, fanned out locally to that process's WebSockets. A connection in several rooms
/// is one more member of each.
/// </summary>
public sealed class PerTaskFanout : IRoomSubscriptions
{
    private readonly RedisBus _bus;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<PerTaskFanout> _logger;

    // A room is removed when its last local member leaves, so distinct room names cannot grow memory forever.
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public PerTaskFanout(RedisBus bus, ServerMetrics metrics, ILogger<PerTaskFanout> logger)
    {
        _bus = bus;
        _metrics = metrics;
        _logger = logger;
    }

    public long RoomCount => _rooms.Count;

    public async ValueTask<IAsyncDisposable> JoinAsync(WebSocketSession session, CancellationToken cancellationToken)
    {
        if (!session.SeveralRooms)
        {
            return await JoinRoomAsync(session.Room, session, cancellationToken).ConfigureAwait(false);
        }

        var held = new List<IAsyncDisposable>(session.Rooms.Count);
        try
        {
            foreach (string room in session.Rooms)
            {
                held.Add(await JoinRoomAsync(room, session, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            await new Memberships(held).DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Memberships(held);
    }

    private async ValueTask<IAsyncDisposable> JoinRoomAsync(
        string room, WebSocketSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            Room state = _rooms.GetOrAdd(
                room, static (name, owner) => new Room(name, owner._bus.Layout, owner._metrics), this);
            await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (state.Removed)
                {
                    // Lost the race with the last member's leave: that twin is gone, take the fresh one.
                    continue;
                }

                if (state.Queue is null)
                {
                    try
                    {
                        state.Queue = await RoomSubscriptions.SubscribeAsync(_bus.SharedFor(room), state.Channel)
                            .ConfigureAwait(false);
                    }
                    catch (SubscriptionFailedException)
                    {
                        RemoveIfEmpty(room, state);
                        throw;
                    }

                    state.Queue.OnMessage(state.Deliver);
                }

                state.Sessions = [.. state.Sessions, session];
            }
            finally
            {
                state.Gate.Release();
            }

            return new Membership(this, room, state, session);
        }
    }

    private async ValueTask LeaveAsync(string name, Room state, WebSocketSession session)
    {
        await state.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            state.Sessions = Array.FindAll(state.Sessions, s => !ReferenceEquals(s, session));
            if (state.Sessions.Length == 0 && state.Queue is not null)
            {
                await RoomSubscriptions.UnsubscribeQuietlyAsync(state.Queue, _logger).ConfigureAwait(false);
                state.Queue = null;
            }

            RemoveIfEmpty(name, state);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    // Under the room's gate.
    private void RemoveIfEmpty(string name, Room state)
    {
        if (state.Sessions.Length == 0 && state.Queue is null)
        {
            state.Removed = true;
            _rooms.TryRemove(new KeyValuePair<string, Room>(name, state));
        }
    }

    private sealed class Room
    {
        private readonly ServerMetrics _metrics;

        // What a message of this room is preceded by for members in several rooms (RoomLine).
        private readonly byte[] _line;
        private WebSocketSession[] _sessions = [];

        public Room(string name, RedisLayout layout, ServerMetrics metrics)
        {
            Channel = RoomSubscriptions.ChannelFor(layout, name);
            _metrics = metrics;
            _line = RoomLine.Of(name);
        }

        public RedisChannel Channel { get; }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ChannelMessageQueue? Queue { get; set; }

        public bool Removed { get; set; }

        // Copy-on-write under Gate, read lock-free by the delivery loop.
        public WebSocketSession[] Sessions
        {
            get => Volatile.Read(ref _sessions);
            set => Volatile.Write(ref _sessions, value);
        }

        public void Deliver(ChannelMessage message)
        {
            // Parsed once per process, and the same immutable bytes go to every local connection.
            byte[]? content = ChatMessage.TryExtractContent(((ReadOnlyMemory<byte>)message.Message).Span);
            if (content is null)
            {
                _metrics.Lost(LossCause.InvalidFromRedis);
                return;
            }

            // Members in several rooms share one copy that names the room, made for the first of them.
            byte[]? lined = null;
            foreach (WebSocketSession session in Sessions)
            {
                session.Enqueue(session.SeveralRooms ? lined ??= [.. _line, .. content] : content);
            }
        }
    }

    private sealed class Membership : IAsyncDisposable
    {
        private readonly PerTaskFanout _owner;
        private readonly string _name;
        private readonly Room _room;
        private readonly WebSocketSession _session;

        public Membership(PerTaskFanout owner, string name, Room room, WebSocketSession session)
        {
            _owner = owner;
            _name = name;
            _room = room;
            _session = session;
        }

        public ValueTask DisposeAsync() => _owner.LeaveAsync(_name, _room, _session);
    }
}
