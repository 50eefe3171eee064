using System.Globalization;
using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen;

/// <summary>
/// Shapes the timeline's per-process CPU clocks and cgroup counters into the run report's
/// <see cref="ProcessCpuTimeline"/>: CPU seconds per interval, for the same intervals as the time series.
/// </summary>
public static class ProcessCpuReport
{
    /// <summary>The name the load generator's speed sampler is recorded under.</summary>
    public const string SamplerName = "speed-sampler";

    /// <summary>
    /// The block, or null when the run was not sampled or its samples lack the processes' clocks (a run recorded
    /// without them: nothing is guessed).
    /// </summary>
    public static ProcessCpuTimeline? Of(LoadResult r)
    {
        IReadOnlyList<LoadSample> t = r.Timeline;
        int servers = r.ServerCpu.Count, tracked = servers + r.OwnPids.Count;
        if (t.Count < 2 || t.Any(s => s.ProcessTreeSeconds.Count != tracked))
        {
            return null;
        }
        var times = new List<double>();
        var cpu = Enumerable.Range(0, tracked + 1).Select(_ => new List<double?>()).ToList();
        int groups = t.Min(s => s.Throttling.Count);
        var periods = Enumerable.Range(0, groups).Select(_ => new List<long?>()).ToList();
        var throttled = Enumerable.Range(0, groups).Select(_ => new List<long?>()).ToList();
        var held = Enumerable.Range(0, groups).Select(_ => new List<double?>()).ToList();
        for (int i = 1; i < t.Count; i++)
        {
            LoadSample a = t[i - 1], b = t[i];
            // As the time series does: a zero-length interval has no rate and no sample.
            if (b.Seconds - a.Seconds <= 0)
            {
                continue;
            }
            times.Add(b.Seconds);
            for (int p = 0; p < tracked; p++)
            {
                cpu[p].Add(Delta(a.ProcessTreeSeconds[p], b.ProcessTreeSeconds[p]));
            }
            cpu[tracked].Add(Math.Round(b.LoadGenCpuSeconds - a.LoadGenCpuSeconds, 4));
            for (int g = 0; g < groups; g++)
            {
                CgroupCpuStat? x = a.Throttling[g], y = b.Throttling[g];
                periods[g].Add(x is null || y is null ? null : y.Periods - x.Periods);
                throttled[g].Add(x is null || y is null ? null : y.ThrottledPeriods - x.ThrottledPeriods);
                held[g].Add(x is null || y is null ? null
                    : Math.Round((y.ThrottledNanoseconds - x.ThrottledNanoseconds) / 1e9, 6));
            }
        }
        var tracks = new List<ProcessCpuTrack>();
        for (int k = 0; k < servers; k++)
        {
            tracks.Add(new ProcessCpuTrack(TaskName(k), "server", r.ServerCpu[k].Pid, cpu[k]));
        }
        for (int k = 0; k < r.OwnPids.Count; k++)
        {
            string name = k < r.OwnNames.Count ? r.OwnNames[k] : "unknown";
            tracks.Add(new ProcessCpuTrack(name, name == SamplerName ? "helper" : "own", r.OwnPids[k],
                cpu[servers + k]));
        }
        tracks.Add(new ProcessCpuTrack("loadgen", "loadgen", Environment.ProcessId, cpu[tracked]));
        var cgroups = Enumerable.Range(0, groups)
            .Select(g => new CgroupThrottleTrack(TaskName(g),
                g < r.ServerQuotaCores.Count ? r.ServerQuotaCores[g] : null, periods[g], throttled[g], held[g]))
            .ToList();
        return new ProcessCpuTimeline(times, tracks, cgroups);
    }

    /// <summary>The command name of <paramref name="pid"/> (/proc/PID/comm), or "pidN" where it cannot be read.
    /// </summary>
    public static string CommandName(int pid)
    {
        try
        {
            string comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.Length > 0 ? comm : PidName(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PidName(pid);
        }
    }

    private static string TaskName(int k) => string.Create(CultureInfo.InvariantCulture, $"task{k + 1}");

    private static string PidName(int pid) => string.Create(CultureInfo.InvariantCulture, $"pid{pid}");

    private static double? Delta(double? before, double? after) =>
        before is { } x && after is { } y ? Math.Round(y - x, 4) : null;
}
