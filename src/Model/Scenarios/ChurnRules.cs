namespace FanoutSim.Model.Scenarios;

/// <summary>What session lifetimes and reconnect gaps must be: laws that describe durations, a positive run length.
/// </summary>
internal static class ChurnRules
{
    public static void Check(Workload w)
    {
        Law(w.SessionLaw, "session", null);
        for (int k = 0; k < w.RoomClasses.Count; k++)
        {
            if (!(w.SessionOf(w.RoomClasses[k]).MeanSeconds > 0))
            {
                throw new ScenarioException("session", "'session' must last more than 0 s on average")
                {
                    RoomClass = w.Rooms is null ? null : k,
                };
            }
        }
        Law(w.Reconnect, "reconnect", null);
        if (w.RunSeconds is { } run && !(run > 0 && double.IsFinite(run)))
        {
            throw new ScenarioException("duration", $"'duration' must be a positive duration, got {run}");
        }
        if (w.HasChurn && w.SharesMembers)
        {
            throw new ScenarioException("rooms", "churn keys (session laws, reconnect, duration) with users in several "
                + "rooms (members: shared) are not modelled yet");
        }
        for (int k = 0; k < (w.Rooms?.Count ?? 0); k++)
        {
            Law(w.Rooms![k].Session, "session", k);
            Law(w.Rooms[k].Reconnect, "reconnect", k);
        }
    }

    private static void Law(DurationLaw? law, string key, int? roomClass)
    {
        if (law?.Problem() is { } problem)
        {
            string where = roomClass is { } k ? $"room class {k + 1}: " : "";
            throw new ScenarioException(key, $"{where}'{key}' {law.Text}: {problem}") { RoomClass = roomClass };
        }
    }
}
