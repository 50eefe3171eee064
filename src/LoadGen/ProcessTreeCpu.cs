using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// CPU seconds used so far by a process together with its children: its own utime + stime, what its reaped children
/// used (cutime + cstime), and every live descendant's own and reaped time (via /proc/PID/task/TID/children). A
/// server that forks workers is then charged for them, and a child's time moves from "live" to "reaped" without a
/// step when it exits.
/// </summary>
public static class ProcessTreeCpu
{
    // A fork loop could make the walk endless; no run of this harness has more than a handful of processes.
    private const int MaxProcesses = 4096;

    /// <summary>The tree's CPU seconds, or null when the root process cannot be read (gone, not Linux).</summary>
    public static double? Seconds(int pid)
    {
        double? root = OwnAndReaped(pid);
        if (root is not { } total)
        {
            return null;
        }
        var seen = new HashSet<int> { pid };
        var pending = new Stack<int>(Children(pid));
        while (pending.Count > 0 && seen.Count < MaxProcesses)
        {
            int child = pending.Pop();
            if (!seen.Add(child))
            {
                continue;
            }
            // A child that exits between the listing and this read is not yet in its parent's cutime: it is lost
            // for this second only, and counted (reaped) in the next.
            total += OwnAndReaped(child) ?? 0;
            foreach (int grandchild in Children(child))
            {
                pending.Push(grandchild);
            }
        }
        return total;
    }

    /// <summary>Fields 14-17 (utime, stime, cutime, cstime) of /proc/PID/stat in seconds
    /// (<see cref="ProcessCpu.ParseStat"/>); null when the text is not a stat line.</summary>
    public static double? ParseStat(string stat) => ProcessCpu.ParseStat(stat, withReapedChildren: true);

    /// <summary>The pids of a /proc/PID/task/TID/children file ("1234 1240 "); ignores anything not a pid.</summary>
    public static IReadOnlyList<int> ParseChildren(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : 0)
            .Where(p => p > 0)
            .ToList();

    private static double? OwnAndReaped(int pid) => ProcessCpu.ReadStat(pid, withReapedChildren: true);

    /// <summary>Children of every thread of <paramref name="pid"/> (a child belongs to the thread that forked it).
    /// </summary>
    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    children.AddRange(ParseChildren(File.ReadAllText(Path.Combine(task, "children"))));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while the list was read, or the kernel lacks CONFIG_PROC_CHILDREN.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended.
        }
        return children;
    }
}
