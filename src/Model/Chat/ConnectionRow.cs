namespace FanoutSim.Model.Chat;

/// <summary>One connection's fields that a message's send chain reads (<see cref="ConnectionTable"/>): 32 bytes.
/// </summary>
internal struct ConnectionRow
{
    public double CloseCallAt;
    public int Task;
    public int Room;
    public int HandshakeStepsLeft;
    public int PendingInbound;
    public int CloseStepsLeft;
    public bool ControlQueued;
}
