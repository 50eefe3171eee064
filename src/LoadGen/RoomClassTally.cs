using FanoutSim.Model.Chat;
namespace FanoutSim.LoadGen;

/// <summary>
/// What one class of rooms sent and received in a run: every send is expected once by each member of its room (the
/// sender's own echo included), the run-wide "sent x N" restricted to the room, as the model counts it; with churn,
/// once by each member in a session when it was sent.
/// </summary>
/// <param name="Latencies">send-to-receipt seconds of the class's counted messages</param>
public sealed record RoomClassTally(long Sent, long Received, long Expected, IReadOnlyList<float> Latencies)
{
    /// <summary>The classes' tallies from every user's, the user's index being its number.</summary>
    /// <param name="present">with churn: a send is owed to the members present when it was sent (the users' own
    /// tally of them), not to every member</param>
    internal static IReadOnlyList<RoomClassTally> Of(RoomLayout rooms, IReadOnlyList<UserTally> users,
        bool present = false)
    {
        long[] sentByRoom = new long[rooms.Count];
        long[] received = new long[rooms.Classes];
        long[] owed = new long[rooms.Classes];
        List<float>[] latencies = Enumerable.Range(0, rooms.Classes).Select(_ => new List<float>()).ToArray();
        for (int u = 0; u < users.Count; u++)
        {
            int room = rooms.RoomOf(u);
            sentByRoom[room] += users[u].Sent;
            received[rooms.ClassOf(room)] += users[u].Received;
            owed[rooms.ClassOf(room)] += users[u].ExpectedPresent;
            latencies[rooms.ClassOf(room)].AddRange(users[u].Latencies);
        }
        long[] sent = new long[rooms.Classes];
        long[] expected = new long[rooms.Classes];
        for (int room = 0; room < rooms.Count; room++)
        {
            sent[rooms.ClassOf(room)] += sentByRoom[room];
            expected[rooms.ClassOf(room)] += sentByRoom[room] * rooms.SizeOf(room);
        }
        return Enumerable.Range(0, rooms.Classes)
            .Select(k => new RoomClassTally(sent[k], received[k], present ? owed[k] : expected[k], latencies[k]))
            .ToList();
    }
}
