namespace FanoutSim.Model.Results;

/// <summary>
/// Measured runs: the CPU each of the run's own processes used, interval by interval, and how often each server's
/// CPU quota held it back: which process took the 2 cores when no quota shows it. Absent in simulated runs and in
/// runs measured before it was recorded.
/// </summary>
/// <param name="Time">the end of each interval, in seconds from the start: the time series' sample times</param>
/// <param name="Processes">servers first (task order), then the run's other processes</param>
/// <param name="Cgroups">one per server with a cgroup given (--server-cgroup); empty without</param>
public sealed record ProcessCpuTimeline(
    IReadOnlyList<double> Time,
    IReadOnlyList<ProcessCpuTrack> Processes,
    IReadOnlyList<CgroupThrottleTrack> Cgroups);

/// <summary>One process (with its children) over the run.</summary>
/// <param name="Name">task1.. for the servers, loadgen, speed-sampler, or the process' command name</param>
/// <param name="Role">server, loadgen, helper (the load generator's sampler) or own (Redis, an id service)</param>
/// <param name="CpuSeconds">CPU seconds used in each interval (utime + stime, children included); null where
/// unreadable</param>
public sealed record ProcessCpuTrack(string Name, string Role, int Pid, IReadOnlyList<double?> CpuSeconds);

/// <summary>One server's cgroup v1 CPU bandwidth counters over the run (cpu.stat), per interval.</summary>
/// <param name="Name">the server it holds (task1..)</param>
/// <param name="QuotaCores">its quota at the end of the run; null for none</param>
/// <param name="Periods">enforcement periods elapsed (nr_periods)</param>
/// <param name="ThrottledPeriods">periods in which the group hit its quota (nr_throttled)</param>
/// <param name="ThrottledSeconds">time its threads were held back (throttled_time; summed over the CPUs' run queues,
/// so up to one second per CPU each second)</param>
public sealed record CgroupThrottleTrack(
    string Name,
    double? QuotaCores,
    IReadOnlyList<long?> Periods,
    IReadOnlyList<long?> ThrottledPeriods,
    IReadOnlyList<double?> ThrottledSeconds);
