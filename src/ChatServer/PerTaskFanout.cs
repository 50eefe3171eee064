using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// "per-task" mode, like SignalR's Redis backplane or Centrifugo: one SUBSCRIBE per room per
/// process on the shared connection, fanned out locally to that process's WebSockets.
/// </summary>
public sealed class PerTaskFanout : IRoomSubscriptions
{
    private readonly RedisBus _bus;
    private readonly ILogger<PerTaskFanout> _logger;

    // Rooms are never removed: a Room is a few bytes, and keeping it means a join racing the
    // last leave always sees the same gate instead of a half-torn-down twin.
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public PerTaskFanout(RedisBus bus, ILogger<PerTaskFanout> logger)
    {
        _bus = bus;
        _logger = logger;
    }

    public async ValueTask<IAsyncDisposable> JoinAsync(string room, WebSocketSession session, CancellationToken cancellationToken)
    {
        var state = _rooms.GetOrAdd(room, static name => new Room(name));
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            state.Sessions = [.. state.Sessions, session];
            if (state.Queue is null)
            {
                state.Queue = await RoomSubscriptions.SubscribeAsync(_bus.Shared, state.Channel, _logger).ConfigureAwait(false);
                state.Queue.OnMessage(state.Deliver);
            }
        }
        finally
        {
            state.Gate.Release();
        }

        return new Membership(this, state, session);
    }

    private async ValueTask LeaveAsync(Room state, WebSocketSession session)
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
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private sealed class Room
    {
        private WebSocketSession[] _sessions = [];

        public Room(string name)
        {
            Channel = RoomSubscriptions.ChannelFor(name);
        }

        public RedisChannel Channel { get; }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ChannelMessageQueue? Queue { get; set; }

        // Copy-on-write under Gate, read lock-free by the delivery loop.
        public WebSocketSession[] Sessions
        {
            get => Volatile.Read(ref _sessions);
            set => Volatile.Write(ref _sessions, value);
        }

        public void Deliver(ChannelMessage message)
        {
            // Parsed once per process, and the same immutable bytes go to every local connection.
            var content = ChatMessage.TryExtractContent(((ReadOnlyMemory<byte>)message.Message).Span);
            if (content is null)
            {
                return;
            }

            foreach (var session in Sessions)
            {
                session.Enqueue(content);
            }
        }
    }

    private sealed class Membership : IAsyncDisposable
    {
        private readonly PerTaskFanout _owner;
        private readonly Room _room;
        private readonly WebSocketSession _session;

        public Membership(PerTaskFanout owner, Room room, WebSocketSession session)
        {
            _owner = owner;
            _room = room;
            _session = session;
        }

        public ValueTask DisposeAsync() => _owner.LeaveAsync(_room, _session);
    }
}
