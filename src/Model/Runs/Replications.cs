using System.Collections.Concurrent;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Runs;

/// <summary>
/// The one replication loop: every replication of every scenario is a job in one pool on all cores, largest first.
/// Replication r always runs on <see cref="RandomStreams.ReplicationSeed"/>(seed, r) and is summarised in
/// replication order, so a report does not depend on which job finished first nor on what else shared the pool.
/// </summary>
public static class Replications
{
    public static RunReport Run(Scenario scenario, ReplicationOptions? options = null) =>
        Run([scenario], options)[0];

    /// <summary>One report per scenario, in the order given.</summary>
    /// <param name="onScenarioDone">called (on a worker thread) with a scenario's index once its last replication
    /// ends</param>
    public static IReadOnlyList<RunReport> Run(IReadOnlyList<Scenario> scenarios,
        ReplicationOptions? options = null, Action<int>? onScenarioDone = null)
    {
        var series = new TimeSeries?[scenarios.Count];
        var traces = new EgressTrace?[scenarios.Count];
        ChatOutcome[][] outcomes = Simulate(scenarios, options ?? ReplicationOptions.Default, onScenarioDone,
            series, traces);
        return scenarios.Select((s, i) =>
        {
            RunReport report = ScenarioRunner.Summarise(s, outcomes[i]);
            return series[i] is null ? report : report with { TimeSeries = series[i], EgressTrace = traces[i] };
        }).ToList();
    }

    /// <summary>
    /// One report per group: the replications of every scenario of a group summarised together, as one scenario's
    /// replications (the group's <see cref="ScenarioGroup.Shown"/> names the setup). No time series is kept.
    /// </summary>
    public static IReadOnlyList<RunReport> RunPooled(IReadOnlyList<ScenarioGroup> groups,
        ReplicationOptions? options = null)
    {
        var members = groups.SelectMany(g => g.Members).ToList();
        ChatOutcome[][] outcomes = Simulate(members, (options ?? ReplicationOptions.Default) with
        {
            SampleEverySeconds = null,
        }, null, new TimeSeries?[members.Count], new EgressTrace?[members.Count]);
        int next = 0;
        return groups.Select(g =>
        {
            var pooled = new List<ChatOutcome>();
            foreach (Scenario _ in g.Members)
            {
                pooled.AddRange(outcomes[next++]);
            }
            return ScenarioRunner.Summarise(g.Shown, pooled);
        }).ToList();
    }

    /// <summary>Every replication of every scenario (their outcomes in replication order); replication 0's time
    /// series and egress trace into <paramref name="series"/> and <paramref name="traces"/> when sampled.</summary>
    private static ChatOutcome[][] Simulate(IReadOnlyList<Scenario> scenarios, ReplicationOptions options,
        Action<int>? onScenarioDone, TimeSeries?[] series, EgressTrace?[] traces)
    {
        // A bad scenario fails here, plainly, rather than wrapped inside the pool's AggregateException.
        foreach (Scenario scenario in scenarios)
        {
            ScenarioRules.Check(scenario);
        }
        ChatOutcome[][] outcomes = scenarios.Select(s => new ChatOutcome[s.Replications]).ToArray();
        int[] remaining = scenarios.Select(s => s.Replications).ToArray();
        // Largest first (longest-processing-time order) so the last jobs do not leave a core idle.
        var jobs = scenarios
            .SelectMany((s, i) => Enumerable.Range(0, s.Replications).Select(r => (Scenario: i, Replication: r)))
            .OrderByDescending(j => Cost(scenarios[j.Scenario]))
            .ThenBy(j => j.Scenario).ThenBy(j => j.Replication)
            .ToList();
        options.Progress?.Start(jobs.Count);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxParallelism ?? Environment.ProcessorCount,
            CancellationToken = options.Cancellation,
        };
        try
        {
            // The partitioner is orderable: a job's index in the list is its slot in the progress shares.
            Parallel.ForEach(Partitioner.Create(jobs, EnumerablePartitionerOptions.NoBuffering), parallel,
                (job, _, index) =>
            {
                Scenario scenario = scenarios[job.Scenario];
                ulong seed = RandomStreams.ReplicationSeed(scenario.Seed, job.Replication);
                ChatSimulation simulation = new ChatSimulation(scenario, seed, options.Exact)
                    .StopWhen(options.Cancellation);
                RunProgress? progress = options.Progress;
                int slot = (int)index;
                if (progress is not null)
                {
                    double expected = IdealRatio.RunSeconds(scenario);
                    simulation.ReportProgress(now => progress.Report(slot, now, expected));
                }
                bool sampled = job.Replication == 0 && options.SampleEverySeconds is not null;
                if (sampled)
                {
                    simulation.SampleEvery(options.SampleEverySeconds!.Value);
                }
                outcomes[job.Scenario][job.Replication] = simulation.Run();
                progress?.Done(slot);
                if (sampled)
                {
                    series[job.Scenario] = simulation.TimeSeries;
                    traces[job.Scenario] = simulation.EgressTrace();
                }
                if (Interlocked.Decrement(ref remaining[job.Scenario]) == 0)
                {
                    onScenarioDone?.Invoke(job.Scenario);
                }
            });
        }
        catch (AggregateException) when (options.Cancellation.IsCancellationRequested)
        {
            // Cancelled: whatever else failed meanwhile, the caller asked to stop.
            throw new OperationCanceledException(options.Cancellation);
        }
        return outcomes;
    }

    /// <summary>Rough work of one replication: deliveries dominate, N users x N / interval.</summary>
    private static double Cost(Scenario s) =>
        (double)s.Workload.Users * s.Workload.Users / s.Workload.IntervalSeconds * s.Workload.Sessions
        * s.Workload.SessionSeconds + s.Workload.Users;
}
