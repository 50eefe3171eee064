using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>The machine-wide CPU counters of /proc/stat's "cpu" line, in seconds summed over cores.</summary>
public sealed record CpuTimes(
    double User,
    double Nice,
    double System,
    double Idle,
    double IoWait,
    double Irq,
    double SoftIrq,
    double Steal)
{
    // USER_HZ is 100 on every mainstream Linux build; /proc/stat counts in those ticks.
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>
    /// Time processes ran (user, nice, system; guest time is already inside user). Interrupt time is left out:
    /// the kernel does not charge the run's own loopback softirq work to its processes: it would read as foreign.
    /// </summary>
    public double Busy => User + Nice + System;

    public double Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>Reads the aggregate "cpu" line of /proc/stat text; null when it is missing or malformed.</summary>
    public static CpuTimes? Parse(string procStat)
    {
        foreach (string line in procStat.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0] != "cpu")
            {
                continue;
            }
            // Kernels before 2.6.11 lack steal; a missing trailing field reads as 0.
            double[] ticks = new double[8];
            for (int i = 0; i < ticks.Length && i + 1 < f.Length; i++)
            {
                if (!long.TryParse(f[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long t))
                {
                    return null;
                }
                ticks[i] = t / ClockTicksPerSecond;
            }
            return f.Length < 5 ? null
                : new CpuTimes(ticks[0], ticks[1], ticks[2], ticks[3], ticks[4], ticks[5], ticks[6], ticks[7]);
        }
        return null;
    }

    /// <summary>The machine's counters now, or null where /proc/stat cannot be read (not Linux).</summary>
    public static CpuTimes? ReadMachine()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
