using System.Collections.Concurrent;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Sim.Random;

namespace FanoutSim.Cli.Sweeps;

/// <summary>A point of the grid, resolved to a validated scenario before anything runs.</summary>
public sealed record SweepPoint(int Index, IReadOnlyDictionary<string, string> Values, Model.Scenario.Scenario Scenario);

/// <summary>
/// Runs every replication of every point as one pool of jobs on all cores. Replication r of a point
/// uses the same seed as `fanoutsim run -r` would, so a sweep point reproduces the run with its --set values.
/// </summary>
public static class SweepRunner
{
    public static List<RunReport> Run(IReadOnlyList<SweepPoint> points, Action? onPointDone = null, int? maxParallelism = null)
    {
        var outcomes = points.Select(p => new ChatOutcome[p.Scenario.Replications]).ToArray();
        var remaining = points.Select(p => p.Scenario.Replications).ToArray();
        // Largest first (longest-processing-time order) so the last jobs do not leave a core idle.
        var jobs = points
            .SelectMany((p, i) => Enumerable.Range(0, p.Scenario.Replications).Select(r => (Point: i, Replication: r)))
            .OrderByDescending(j => Cost(points[j.Point].Scenario))
            .ThenBy(j => j.Point).ThenBy(j => j.Replication)
            .ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount };
        Parallel.ForEach(Partitioner.Create(jobs, EnumerablePartitionerOptions.NoBuffering), options, job =>
        {
            var scenario = points[job.Point].Scenario;
            ulong seed = RandomStreams.ReplicationSeed(scenario.Seed, job.Replication);
            outcomes[job.Point][job.Replication] = new ChatSimulation(scenario, seed).Run();
            if (Interlocked.Decrement(ref remaining[job.Point]) == 0)
            {
                onPointDone?.Invoke();
            }
        });
        return points.Select((p, i) => ScenarioRunner.Summarise(p.Scenario, outcomes[i])).ToList();
    }

    /// <summary>Rough work of one replication: deliveries dominate, N users x N / interval.</summary>
    private static double Cost(Model.Scenario.Scenario s) =>
        (double)s.Workload.Users * s.Workload.Users / s.Workload.IntervalSeconds * s.Workload.Sessions * s.Workload.SessionSeconds + s.Workload.Users;
}
