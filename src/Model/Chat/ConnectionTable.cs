using System.Runtime.CompilerServices;

namespace FanoutSim.Model.Chat;

/// <summary>
/// State of every WebSocket session of the run, one slot per (user, session). What a message's send, its arrival at
/// its task and its PUBLISH read of the connection (its task, room, close call, control steps) sits side by side in one
/// row per connection (<see cref="ConnectionRow"/>): a service of a million connections then misses one cache line per
/// connection where seven parallel arrays missed seven. Each of those fields reads as an array would
/// (<see cref="ConnectionColumn{T}"/>); the rest are parallel arrays, so the delivery loop touches only what it needs.
/// </summary>
internal sealed class ConnectionTable
{
    private readonly ConnectionRow[] _rows;

    /// <param name="memberships">connections' memberships of rooms (<see cref="Memberships"/>): the connections
    /// themselves unless some are in several rooms</param>
    public ConnectionTable(int count, int memberships)
    {
        _rows = new ConnectionRow[count];
        ConnectionRow row = default;
        Task = new ConnectionColumn<int>(_rows, OffsetOf(ref row, ref row.Task));
        Room = new ConnectionColumn<int>(_rows, OffsetOf(ref row, ref row.Room));
        CloseCallAt = new ConnectionColumn<double>(_rows, OffsetOf(ref row, ref row.CloseCallAt));
        HandshakeStepsLeft = new ConnectionColumn<int>(_rows, OffsetOf(ref row, ref row.HandshakeStepsLeft));
        PendingInbound = new ConnectionColumn<int>(_rows, OffsetOf(ref row, ref row.PendingInbound));
        CloseStepsLeft = new ConnectionColumn<int>(_rows, OffsetOf(ref row, ref row.CloseStepsLeft));
        ControlQueued = new ConnectionColumn<bool>(_rows, OffsetOf(ref row, ref row.ControlQueued));
        DialAt = new double[count];
        NextMessage = new int[memberships];
        Forwarding = new bool[count];
        Closing = new bool[count];
        ForwardQueued = new bool[count];
        WaitsForRedis = new bool[count];
        Refused = new bool[count];
        PublishWaitsLeft = new int[count];
        PublishConnectRoundsLeft = new int[count];
        HasPublishConnection = new bool[count];
        for (int c = 0; c < count; c++)
        {
            _rows[c].CloseCallAt = double.PositiveInfinity;
        }
    }

    public ConnectionColumn<int> Task { get; }

    /// <summary>The (first) room of the connection's user.</summary>
    public ConnectionColumn<int> Room { get; }

    public double[] DialAt { get; }

    /// <summary>When the client calls close; messages reaching it later are not counted.</summary>
    public ConnectionColumn<double> CloseCallAt { get; }

    public ConnectionColumn<int> HandshakeStepsLeft { get; }

    public ConnectionColumn<int> PendingInbound { get; }

    public ConnectionColumn<int> CloseStepsLeft { get; }

    /// <summary>Per membership (<see cref="Memberships"/>; the connection's own index for its first room): index of the
    /// next message of the room the connection's forwarder will send.</summary>
    public int[] NextMessage { get; }

    /// <summary>Subscribed and not yet torn down: the forwarder lane may run.</summary>
    public bool[] Forwarding { get; }

    public bool[] Closing { get; }

    public ConnectionColumn<bool> ControlQueued { get; }

    public bool[] ForwardQueued { get; }

    /// <summary>The forwarder has sent all it has while copies behind a lost packet are still held at Redis.</summary>
    public bool[] WaitsForRedis { get; }

    /// <summary>The server refused the connection (redis_connect_timeout): open to its client, dead to the server.
    /// </summary>
    public bool[] Refused { get; }

    /// <summary>Rounds the control lane still waits for its last PUBLISH's answer (publish_wait_rounds).</summary>
    public int[] PublishWaitsLeft { get; }

    /// <summary>Rounds the control lane still waits for the connection its PUBLISH opens before that leaves
    /// (publish_connect_rounds).</summary>
    public int[] PublishConnectRoundsLeft { get; }

    /// <summary>Per-connection mode with publish_connect_*: the session's own client has opened its PUBLISH
    /// connection.</summary>
    public bool[] HasPublishConnection { get; }

    /// <summary>Prefetches the connection's row (both ends; <see cref="CacheHint"/>): a touch ahead of its next event.
    /// </summary>
    public void Touch(int connection) => CacheHint.PrefetchValue(ref _rows[connection]);

    /// <summary>Lane ids: control lane (handshake, inbound, close) = 2c, forward lane = 2c + 1.</summary>
    public static int ControlLane(int connection) => connection << 1;

    public static int ForwardLane(int connection) => (connection << 1) | 1;

    private static nint OffsetOf<T>(ref ConnectionRow row, ref T field) =>
        Unsafe.ByteOffset(ref Unsafe.As<ConnectionRow, byte>(ref row), ref Unsafe.As<T, byte>(ref field));
}
