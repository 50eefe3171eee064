namespace FanoutSim.Model.Scenarios;

/// <summary>What session lifetimes and reconnect gaps must be: laws that describe durations, a positive run length,
/// set on the classes that place users.</summary>
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
        for (int k = 0; k < (w.Rooms?.Count ?? 0); k++)
        {
            Law(w.Rooms![k].Session, "session", k);
            Law(w.Rooms[k].Reconnect, "reconnect", k);
            OwnSessions(w.Rooms[k], k);
        }
    }

    /// <summary>A user's one connection holds all its rooms: its sessions follow the class that placed it (its first
    /// room's), so a class of shared members has no sessions of its own to give.</summary>
    private static void OwnSessions(RoomClass c, int k)
    {
        if (!c.SharesMembers)
        {
            return;
        }
        string? key = c.Session is not null ? "session" : c.Reconnect is not null ? "reconnect" : null;
        if (key is not null)
        {
            throw new ScenarioException(key, $"room class {k + 1}: '{key}' cannot be set on a class of shared members "
                + "(members: shared): a user's sessions follow the class of its first room")
            {
                RoomClass = k,
            };
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
