using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// A cgroup v1 cpu group's CFS bandwidth counters (cpu.stat): enforcement periods that elapsed, periods in which the
/// group hit its quota, and the total time its threads were held back. A quota shows how much CPU a server may use;
/// these show how often it wanted more.
/// </summary>
public sealed record CgroupCpuStat(long Periods, long ThrottledPeriods, long ThrottledNanoseconds)
{
    public const string StatFile = "cpu.stat";

    /// <summary>
    /// The "nr_periods", "nr_throttled" and "throttled_time" lines of cpu.stat (other lines, such as nr_bursts, are
    /// ignored); null when one of the three is missing or not a count.
    /// </summary>
    public static CgroupCpuStat? Parse(string text)
    {
        long? periods = null, throttled = null, nanoseconds = null;
        foreach (string line in text.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 2 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            {
                continue;
            }
            switch (f[0])
            {
                case "nr_periods":
                    periods = v;
                    break;
                case "nr_throttled":
                    throttled = v;
                    break;
                case "throttled_time":
                    nanoseconds = v;
                    break;
                default:
                    break;
            }
        }
        return periods is { } p && throttled is { } t && nanoseconds is { } ns ? new CgroupCpuStat(p, t, ns) : null;
    }

    /// <summary>The counters of the group in <paramref name="folder"/>, or null when unreadable.</summary>
    public static CgroupCpuStat? Read(string folder)
    {
        try
        {
            return Parse(File.ReadAllText(Path.Combine(folder, StatFile)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The group's quota in cores (cfs_quota_us / cfs_period_us), or null when it has none (-1) or the files are
    /// unreadable.
    /// </summary>
    public static double? QuotaCores(string folder)
    {
        try
        {
            return ParseQuota(File.ReadAllText(Path.Combine(folder, "cpu.cfs_quota_us")),
                File.ReadAllText(Path.Combine(folder, "cpu.cfs_period_us")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"5000" and "100000" -> 0.05 core; null for no quota ("-1") or text that is not a number.</summary>
    public static double? ParseQuota(string quotaUs, string periodUs) =>
        long.TryParse(quotaUs.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long q)
            && long.TryParse(periodUs.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long p)
            && q > 0 && p > 0
            ? (double)q / p
            : null;
}
