using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// Where a group of processes ran: CPU seconds per CPU from a cgroup v1 cpuacct group (cpuacct.usage_percpu, in
/// nanoseconds), read at the start and the end of a run. A quota of a twentieth of a core runs on whichever CPU the
/// scheduler picks, and on this machine one vCPU sometimes runs at half the other's speed for minutes: the mean of
/// the CPUs' speeds is then not the speed the server had.
/// </summary>
public static class CpuPlacement
{
    public const string UsageFile = "cpuacct.usage_percpu";

    /// <summary>Nanoseconds per CPU in <paramref name="folder"/>'s cpuacct group, or null when unreadable.</summary>
    public static long[]? Read(string folder)
    {
        try
        {
            return Parse(File.ReadAllText(Path.Combine(folder, UsageFile)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"446922879054 451065423653 \n" -> one count per CPU; null when any field is not a count.</summary>
    public static long[]? Parse(string text)
    {
        string[] fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        long[] counts = new long[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]))
            {
                return null;
            }
        }
        return counts.Length > 0 ? counts : null;
    }

    /// <summary>
    /// CPU seconds per CPU between two readings of several groups (summed over the groups, CPU by CPU); null when
    /// a reading is missing or the groups disagree on the CPU count.
    /// </summary>
    public static double[]? SecondsBetween(IReadOnlyList<long[]?> before, IReadOnlyList<long[]?> after)
    {
        if (before.Count == 0 || before.Count != after.Count)
        {
            return null;
        }
        double[]? seconds = null;
        for (int g = 0; g < before.Count; g++)
        {
            if (before[g] is not { } b || after[g] is not { } a || a.Length != b.Length
                || (seconds is not null && seconds.Length != a.Length))
            {
                return null;
            }
            seconds ??= new double[a.Length];
            for (int cpu = 0; cpu < a.Length; cpu++)
            {
                seconds[cpu] += Math.Max(0, a[cpu] - b[cpu]) / 1e9;
            }
        }
        return seconds;
    }

    /// <summary>
    /// Whether the speed probe timed exactly the CPUs a usage_percpu reading counts, in its order (CPU 0 to
    /// <paramref name="counted"/> - 1): the probe times the CPUs the load generator may run on, the reading counts
    /// every CPU the kernel knows; only when the two are one list does the i-th speed belong to the i-th count.
    /// </summary>
    public static bool LinesUp(IReadOnlyList<int> probedCpus, int counted) =>
        probedCpus.SequenceEqual(Enumerable.Range(0, counted));
}
