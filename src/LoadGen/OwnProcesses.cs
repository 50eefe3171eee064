namespace FanoutSim.LoadGen;

/// <summary>Finds the run's Redis when its pid was not given, so its CPU is not counted as foreign.</summary>
public static class OwnProcesses
{
    /// <summary>
    /// The pid of the one process named redis-server, or null when there is none or several (then which one serves
    /// this run cannot be told, and guessing would hide another's load).
    /// </summary>
    public static int? SoleRedisServer()
    {
        var found = new List<int>();
        try
        {
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid))
                {
                    continue;
                }
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "redis-server")
                    {
                        found.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended while the list was read.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return found.Count == 1 ? found[0] : null;
    }
}
