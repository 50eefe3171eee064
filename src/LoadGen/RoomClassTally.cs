using FanoutSim.Model.Chat;
namespace FanoutSim.LoadGen;

/// <summary>
/// What one class of rooms sent and received in a run: every send is expected once by each member of its room (the
/// sender's own echo included), the run-wide "sent x N" restricted to the room, as the model counts it; with churn,
/// once by each member in a session when it was sent. A user in several rooms counts in each room's class.
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
            UserTally t = users[u];
            int room = rooms.RoomOf(u);
            sentByRoom[room] += t.Sent;
            received[rooms.ClassOf(room)] += t.Received;
            owed[rooms.ClassOf(room)] += t.ExpectedPresent;
            latencies[rooms.ClassOf(room)].AddRange(t.Latencies);
            // The user's further rooms, in the order RoomsOf gives them after its first.
            int f = 0;
            foreach (int further in rooms.RoomsOf(u).Skip(1))
            {
                RoomCounts c = t.Further[f++];
                sentByRoom[further] += c.Sent;
                received[rooms.ClassOf(further)] += c.Received;
                owed[rooms.ClassOf(further)] += c.Owed;
                latencies[rooms.ClassOf(further)].AddRange(c.Latencies);
            }
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
