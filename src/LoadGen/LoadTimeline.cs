using System.Diagnostics;

namespace FanoutSim.LoadGen;

/// <summary>
/// One reading of the client-side counters and the servers' CPU clocks, <see cref="Seconds"/> after the start.
/// </summary>
public sealed record LoadSample(
    double Seconds,
    long Received,
    long Sent,
    int OpenSessions,
    IReadOnlyList<double?> ServerCpuSeconds)
{
    /// <summary>The machine's CPU counters (null where /proc/stat is unreadable).</summary>
    public CpuTimes? Machine { get; init; }

    /// <summary>CPU clocks of the run's other own processes (Redis, --own-pid), null where unreadable.</summary>
    public IReadOnlyList<double?> OwnCpuSeconds { get; init; } = [];

    /// <summary>This load generator's own CPU clock.</summary>
    public double LoadGenCpuSeconds { get; init; }

    /// <summary>Nanoseconds per CPU of each --server-cpuacct group (null where unreadable); empty without one.
    /// </summary>
    public IReadOnlyList<long[]?> ServerCpuacct { get; init; } = [];

    /// <summary>
    /// CPU clocks of the servers, then of the other own processes, each with its children (null where unreadable);
    /// empty in samples made before they were read.
    /// </summary>
    public IReadOnlyList<double?> ProcessTreeSeconds { get; init; } = [];

    /// <summary>Each --server-cgroup's CPU bandwidth counters (null where unreadable); empty without one.</summary>
    public IReadOnlyList<CgroupCpuStat?> Throttling { get; init; } = [];
}

/// <summary>
/// Counters every virtual user bumps as it goes (counted receives, sends, open sessions), read once a second while
/// the run lasts, so a measured run can be drawn over time like a simulated one: how fast it delivered, how many
/// sessions were open and how busy each server was, second by second.
/// </summary>
public sealed class LoadTimeline
{
    private long _received;
    private long _sent;
    private int _openSessions;

    public void Received() => Interlocked.Increment(ref _received);

    public void Sent() => Interlocked.Increment(ref _sent);

    public void SessionOpened() => Interlocked.Increment(ref _openSessions);

    public void SessionEnded() => Interlocked.Decrement(ref _openSessions);

    public LoadSample Read(double seconds, IReadOnlyList<int> serverPids, IReadOnlyList<int> ownPids,
        IReadOnlyList<string>? serverCpuacct = null, IReadOnlyList<string>? serverCgroups = null) =>
        new(seconds, Interlocked.Read(ref _received), Interlocked.Read(ref _sent), Volatile.Read(ref _openSessions),
            serverPids.Select(ProcessCpu.OtherSeconds).ToList())
        {
            Machine = CpuTimes.ReadMachine(),
            OwnCpuSeconds = ownPids.Select(ProcessCpu.OtherSeconds).ToList(),
            LoadGenCpuSeconds = ProcessCpu.OwnSeconds(),
            ServerCpuacct = serverCpuacct is null ? [] : serverCpuacct.Select(CpuPlacement.Read).ToList(),
            ProcessTreeSeconds = serverPids.Concat(ownPids).Select(ProcessTreeCpu.Seconds).ToList(),
            Throttling = serverCgroups is null ? [] : serverCgroups.Select(CgroupCpuStat.Read).ToList(),
        };

    /// <summary>
    /// Reads the counters every <paramref name="interval"/> from <paramref name="started"/> until
    /// <paramref name="stop"/>, then once more (with <paramref name="serverCpuacct"/>, the servers' seconds on each
    /// CPU each time too; with <paramref name="serverCgroups"/>, their throttling counters).
    /// </summary>
    public async Task<IReadOnlyList<LoadSample>> SampleAsync(
        long started, TimeSpan interval, IReadOnlyList<int> serverPids, IReadOnlyList<int> ownPids,
        CancellationToken stop, IReadOnlyList<string>? serverCpuacct = null,
        IReadOnlyList<string>? serverCgroups = null)
    {
        var samples = new List<LoadSample> { Read(0, serverPids, ownPids, serverCpuacct, serverCgroups) };
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                samples.Add(Read(Stopwatch.GetElapsedTime(started).TotalSeconds, serverPids, ownPids, serverCpuacct,
                    serverCgroups));
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over; the final reading below closes the last (partial) interval.
        }
        samples.Add(Read(Stopwatch.GetElapsedTime(started).TotalSeconds, serverPids, ownPids, serverCpuacct,
            serverCgroups));
        return samples;
    }
}
