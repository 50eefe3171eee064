using System.Net;

namespace FanoutSim.LoadGen;

/// <summary>Optional things to read before and after a run: server process CPU time and Redis byte counters.</summary>
/// <param name="ServerPids">server processes whose CPU time is reported per task; they count as the run's own</param>
/// <param name="Redis">where to read Redis' INFO counters: TCP, or its Unix socket (not behind a shaped link)</param>
public sealed record ProbeTargets(IReadOnlyList<int> ServerPids, EndPoint? Redis)
{
    public static readonly ProbeTargets None = new([], null);

    /// <summary>Other processes of the run (Redis, an id service): their CPU is not contamination.</summary>
    public IReadOnlyList<int> OwnPids { get; init; } = [];

    /// <summary>
    /// cgroup v1 cpuacct groups that together hold every server process and nothing else: where the servers ran,
    /// CPU by CPU (<see cref="CpuPlacement"/>).
    /// </summary>
    public IReadOnlyList<string> ServerCpuacct { get; init; } = [];

    /// <summary>The load generator's own helper processes (its in-run speed sampler): not contamination either.
    /// </summary>
    public IReadOnlyList<int> HelperPids { get; init; } = [];

    /// <summary>
    /// cgroup v1 cpu groups of the servers, one per server in <see cref="ServerPids"/> order: their throttling is
    /// recorded second by second.
    /// </summary>
    public IReadOnlyList<string> ServerCgroups { get; init; } = [];
}
