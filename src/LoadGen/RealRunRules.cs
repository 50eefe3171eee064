using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// What a scenario's rooms must be for `fanoutsim load --rooms-from` to drive them for real, beyond what the simulator
/// asks: rooms to drive, and message sizes the load generator can send to the bundled server (see
/// <see cref="MessagePayload"/>). Thrown as the simulator's rules are, so the reader points at the key.
/// </summary>
public static class RealRunRules
{
    /// <exception cref="ScenarioException">the scenario names no rooms, or a class's sizes cannot be sent</exception>
    public static void Check(Scenario scenario) => Check(scenario.Workload);

    /// <exception cref="ScenarioException">the workload names no rooms, or a class's sizes cannot be sent</exception>
    public static void Check(Workload w)
    {
        if (w.Rooms is null)
        {
            throw new ScenarioException("rooms", "'rooms' must be a list of room classes for --rooms-from (for one "
                + "room of every user leave --rooms-from out)");
        }
        for (int k = 0; k < w.Rooms.Count; k++)
        {
            if (w.Rooms[k].MessageSize is { } size && MessagePayload.Problem(size, w.Users) is { } problem)
            {
                throw new ScenarioException("message_bytes", $"room class {k + 1}: 'message_bytes' must be {problem}")
                {
                    RoomClass = k,
                };
            }
        }
    }
}
