namespace FanoutSim.Model.Chat;

/// <summary>
/// State of every WebSocket session of the run, one slot per (user, session), stored as parallel
/// arrays so the delivery loop touches only the fields it needs.
/// </summary>
internal sealed class ConnectionTable
{
    /// <param name="memberships">connections' memberships of rooms (<see cref="Memberships"/>): the connections
    /// themselves unless some are in several rooms</param>
    public ConnectionTable(int count, int memberships)
    {
        Task = new int[count];
        Room = new int[count];
        DialAt = new double[count];
        CloseCallAt = new double[count];
        HandshakeStepsLeft = new int[count];
        PendingInbound = new int[count];
        CloseStepsLeft = new int[count];
        NextMessage = new int[memberships];
        Forwarding = new bool[count];
        Closing = new bool[count];
        ControlQueued = new bool[count];
        ForwardQueued = new bool[count];
        WaitsForRedis = new bool[count];
        Array.Fill(CloseCallAt, double.PositiveInfinity);
    }

    public int[] Task { get; }

    /// <summary>The (first) room of the connection's user.</summary>
    public int[] Room { get; }

    public double[] DialAt { get; }

    /// <summary>When the client calls close; messages reaching it later are not counted.</summary>
    public double[] CloseCallAt { get; }

    public int[] HandshakeStepsLeft { get; }

    public int[] PendingInbound { get; }

    public int[] CloseStepsLeft { get; }

    /// <summary>Per membership (<see cref="Memberships"/>; the connection's own index for its first room): index of the
    /// next message of the room the connection's forwarder will send.</summary>
    public int[] NextMessage { get; }

    /// <summary>Subscribed and not yet torn down: the forwarder lane may run.</summary>
    public bool[] Forwarding { get; }

    public bool[] Closing { get; }

    public bool[] ControlQueued { get; }

    public bool[] ForwardQueued { get; }

    /// <summary>The forwarder has sent all it has while copies behind a lost packet are still held at Redis.</summary>
    public bool[] WaitsForRedis { get; }

    /// <summary>Lane ids: control lane (handshake, inbound, close) = 2c, forward lane = 2c + 1.</summary>
    public static int ControlLane(int connection) => connection << 1;

    public static int ForwardLane(int connection) => (connection << 1) | 1;
}
