using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>CPU seconds used so far by this process or by another one (via /proc/PID/stat).</summary>
public static class ProcessCpu
{
    // USER_HZ is 100 on every mainstream Linux build; /proc/PID/stat counts in those ticks.
    private const double ClockTicksPerSecond = 100.0;

    public static double OwnSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>utime + stime of <paramref name="pid"/>, or null when it cannot be read (gone, not Linux).</summary>
    public static double? OtherSeconds(int pid) => ReadStat(pid, withReapedChildren: false);

    /// <summary>utime + stime and stime alone (its CPU in the kernel: socket writes and reads, epoll) of
    /// <paramref name="pid"/> from one reading of /proc/PID/stat, or null when it cannot be read.</summary>
    public static (double Seconds, double SystemSeconds)? OtherTimes(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return ParseStat(stat) is { } whole && ParseSystemSeconds(stat) is { } system ? (whole, system) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime (+ cutime + cstime with <paramref name="withReapedChildren"/>) of
    /// <paramref name="pid"/> from /proc/PID/stat, or null when it cannot be read (gone, not Linux).</summary>
    public static double? ReadStat(int pid, bool withReapedChildren)
    {
        try
        {
            return ParseStat(File.ReadAllText($"/proc/{pid}/stat"), withReapedChildren);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Fields 14 and 15 (utime, stime), and 16-17 (cutime, cstime) with <paramref name="withReapedChildren"/>,
    /// counted after the ')' that ends the command name, in seconds; null when the text is not a stat line.
    /// </summary>
    public static double? ParseStat(string stat, bool withReapedChildren = false) =>
        TicksSeconds(stat, UtimeField, withReapedChildren ? CstimeField : StimeField);

    /// <summary>Field 15 (stime) alone, in seconds; null when the text is not a stat line.</summary>
    public static double? ParseSystemSeconds(string stat) => TicksSeconds(stat, StimeField, StimeField);

    // Indexes after the ')': fields[0] is field 3 (state), so utime (14) is fields[11] ... cstime (17) fields[14].
    private const int UtimeField = 11;
    private const int StimeField = 12;
    private const int CstimeField = 14;

    /// <summary>The sum of the tick fields <paramref name="first"/> to <paramref name="last"/> in seconds.</summary>
    private static double? TicksSeconds(string stat, int first, int last)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= last)
        {
            return null;
        }
        long ticks = 0;
        for (int i = first; i <= last; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out long t) || t < 0)
            {
                return null;
            }
            ticks += t;
        }
        return ticks / ClockTicksPerSecond;
    }
}
