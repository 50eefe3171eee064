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
    public static double? OtherSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return ParseStat(stat);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Fields 14 and 15 (utime, stime) counted after the ')' that ends the command name.</summary>
    public static double? ParseStat(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out long utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out long stime))
        {
            return null;
        }
        return (utime + stime) / ClockTicksPerSecond;
    }
}
