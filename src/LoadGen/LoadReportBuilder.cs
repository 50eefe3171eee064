using System.Globalization;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>Shapes a <see cref="LoadResult"/> into the shared RunReport schema with k6's report semantics.</summary>
public static class LoadReportBuilder
{
    /// <summary>Above this share of its capacity a resource is named the bottleneck.</summary>
    public const double SaturatedUtilization = 0.8;

    /// <summary>Measured runs name their Redis node and profile "local": the link says whether it was shaped.</summary>
    public const string MeasuredRedisNode = "local";

    public const string MeasuredProfile = "local";

    public static RunReport Build(
        LoadPlan plan, RunLabels labels, LoadResult r, IReadOnlyDictionary<string, string> machine)
    {
        RunMetrics metrics = Metrics(plan, r);
        List<ResourceUsage> resources = Resources(labels, r);
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string? k, string? v) in machine)
        {
            env[k] = v;
        }
        double coresBusy = r.WallSeconds > 0 ? r.LoadGenCpuSeconds / r.WallSeconds : 0;
        env["cores_available"] = I(r.CoresAvailable);
        env["loadgen_cpu_seconds"] = F(r.LoadGenCpuSeconds);
        env["loadgen_cores_busy"] = F(coresBusy);
        env["loadgen_cpu_utilisation"] = F(coresBusy / Math.Max(1, r.CoresAvailable));
        env["task_cpu_quota_cores"] = F(labels.TaskVcpu);
        env["redis_egress_limit_mbps"] = labels.RedisEgressMbps is { } mbps ? F(mbps) : "none";
        env["urls"] = string.Join(' ', plan.Urls);
        env["ramp_seconds"] = F(plan.Ramp.TotalSeconds);
        env["read_pace_ms"] = F(plan.ReadPace.TotalMilliseconds);
        env["max_duration_seconds"] = F(plan.MaxDuration.TotalSeconds);
        env["hit_max_duration"] = r.HitMaxDuration ? "true" : "false";
        env["sessions_cut_short"] = I(r.SessionsCutShort);
        env["closes_abandoned"] = I(r.ClosesAbandoned);
        env["dropped_definition"] = r.ServerDropped is null
            ? "unknown: a server did not answer GET /metrics with a dropped count, so dropped is 0"
            : "messages the servers discarded because an outbound queue was full "
                + "(their /metrics dropped, after - before)";
        env["undelivered"] = I(Math.Max(0, metrics.Expected - metrics.WsMsgsReceived));
        if (plan.Rooms is not null)
        {
            env["foreign_messages"] = I(r.Foreign);
        }
        foreach (ServerCpu s in r.ServerCpu)
        {
            env[$"server_cpu_seconds_pid{s.Pid}"] = s.Seconds is { } sec ? F(sec) : "unreadable";
            if (s.SystemSeconds is { } system)
            {
                // Kernel work (socket writes) may not follow the speed probe, which times the server's own code.
                env[$"server_cpu_system_seconds_pid{s.Pid}"] = F(system);
            }
        }
        if (r.ServerSecondsPerCpu is { } perCpu)
        {
            env["server_cpu_seconds_percpu"] = perCpu.Count > 0 ? string.Join(' ', perCpu.Select(F)) : "unreadable";
        }
        if (r.RedisDelta is { } redis)
        {
            env["redis_egress_bytes"] = I(redis.OutputBytes);
            env["redis_ingress_bytes"] = I(redis.InputBytes);
            env["redis_egress_mbps_measured"] = F(EgressMbps(redis, r.WallSeconds));
        }
        foreach ((string? k, string? v) in labels.Extra)
        {
            env[k] = v;
        }
        var contamination = Contamination.Measure(r.Timeline);
        AddContamination(env, r, contamination);
        var inRun = InRunSpeed.Of(r);
        AddInRunSpeed(env, r, inRun);
        env["warnings"] = string.Join("; ", Warnings(r, coresBusy, contamination, inRun));

        // One process has no balancer; the load generator deals connections to several as the plan says.
        Workload workload = plan.Workload;
        var setup = new RunSetup(labels.Name, plan.Users, plan.Interval.TotalSeconds, plan.Session.TotalSeconds,
            plan.Sessions, labels.Tasks, labels.Subscription, labels.Tasks > 1 ? plan.Balancer : null,
            labels.TaskVcpu, labels.RedisEgressMbps, MeasuredRedisNode, MeasuredProfile, plan.Seed,
            plan.Ramp.TotalSeconds, labels.TaskMemoryGb,
            labels.RedisEgressMbps is null ? RedisLink.Unshaped : RedisLink.Shaped,
            RedisShapingBucketKb: labels.RedisShapingBucketKb, RedisShapingQueueKb: labels.RedisShapingQueueKb,
            SendJitterSeconds: plan.SendJitter > TimeSpan.Zero ? plan.SendJitter.TotalSeconds : null,
            Sends: plan.Sends == SendProcess.Ticks ? null : plan.Sends.ToText(), Rooms: plan.Rooms,
            RedisTopology: labels.RedisTopology == RedisTopology.Single
                ? null
                : labels.RedisTopology.ToText(),
            RedisShards: labels.RedisTopology == RedisTopology.Single ? null : labels.RedisShards,
            Churn: workload.ChurnText, SessionLaw: plan.SessionLaw is { } law ? RunRoomClasses.Of(law) : null,
            Reconnect: plan.Reconnect is { } gap ? RunRoomClasses.Of(gap) : null,
            DurationSeconds: plan.Duration?.TotalSeconds);
        return new RunReport(RunReport.CurrentSchema, RunReport.MeasuredSource, setup, metrics, resources,
            Bottleneck(resources, metrics), [], null, env)
        {
            TimeSeries = Timeline(labels, r, contamination, inRun),
            DeliveryLatency = Latency(r.Latencies),
            RoomClasses = RoomClasses(plan, r),
            ProcessCpu = ProcessCpuReport.Of(r),
        };
    }

    /// <summary>Each room class's delivery, as the model reports a simulated one; null for a run in one room.</summary>
    public static IReadOnlyList<RoomClassMetrics>? RoomClasses(LoadPlan plan, LoadResult r)
    {
        if (plan.Rooms is not { } classes || r.RoomClasses is not { } tallies)
        {
            return null;
        }
        double wall = r.WallSeconds > 0 ? r.WallSeconds : 1;
        Workload workload = plan.Workload;
        return workload.RoomClasses.Zip(tallies, (c, t) => Class(workload, c, t, wall)).ToList();
    }

    /// <summary>A class's delivery, its traffic written as a simulated run's class writes it.</summary>
    private static RoomClassMetrics Class(Workload workload, RoomClass c, RoomClassTally t, double wall) =>
        new(c.Count, c.Size, t.Sent, t.Received, t.Expected, t.Expected == 0 ? 0 : (double)t.Received / t.Expected,
            t.Received / wall)
        {
            Sends = workload.TimingOf(c) is { } timing && timing != workload.Timing ? timing.Text : null,
            MessageBytes = c.MessageSize?.Text,
            Members = c.SharesMembers ? c.Membership.ToText() : null,
            Latency = Latency(t.Latencies),
        };

    /// <summary>The guard's totals; "unknown" (never a guess) where the machine's counters were unreadable.</summary>
    private static void AddContamination(
        SortedDictionary<string, string> env, LoadResult r, Contamination? contamination)
    {
        env["contamination_threshold"] = Contamination.Threshold;
        env["contamination_own_pids"] = string.Join(' ', r.ServerCpu.Select(s => s.Pid).Concat(r.OwnPids)
            .Select(p => I(p)).Prepend($"{I(Environment.ProcessId)}(loadgen)"));
        if (contamination is null)
        {
            env["contaminated"] = "unknown";
            return;
        }
        env["contaminated"] = contamination.Contaminated ? "true" : "false";
        env["foreign_cpu_cores_mean"] = F(contamination.ForeignCoresMean);
        env["foreign_cpu_cores_max"] = F(contamination.ForeignCoresMax);
        env["steal_fraction"] = F(contamination.StealFraction);
    }

    /// <summary>
    /// The in-run sampler's facts. Its speed where the servers ran replaces the probes' (machine facts), which is kept
    /// as speed_index_server_probes: the probes before and after cannot tell which vCPU was slow while the run lasted.
    /// </summary>
    private static void AddInRunSpeed(SortedDictionary<string, string> env, LoadResult r, InRunSpeed? inRun)
    {
        if (r.SpeedSamplerCpuSeconds is not { } samplerCpu)
        {
            return;
        }
        env["speed_samples"] = I(inRun?.Samples ?? 0);
        env["speed_sampler_cpu_seconds"] = F(samplerCpu);
        double samplerWall = r.SpeedSamplerWallSeconds > 0 ? r.SpeedSamplerWallSeconds : r.WallSeconds;
        env["speed_sampler_cores"] = F(samplerWall > 0 ? samplerCpu / samplerWall : 0);
        env["speed_sampler"] = $"{r.SpeedSamplerPace.Text} of the probe's work, each CPU in turn, timed in the "
            + "thread's CPU time";
        if (inRun is null)
        {
            return;
        }
        // Per CPU, in CPU order: robust figures, so one stray slice moves none of them.
        env["speed_in_run_cpus"] = string.Join(' ', inRun.Cpus.Select(c => F(Math.Round(c.Median))));
        env["speed_in_run_spread"] = string.Join(' ', inRun.Cpus.Select(c => F(Math.Round(c.Spread, 4))));
        env["speed_in_run_noise"] = string.Join(' ', inRun.Cpus.Select(c => F(Math.Round(c.Noise, 4))));
        env["speed_in_run_rule"] = "per cpu: median of its slices; spread 1.4826 x MAD / median; noise the same of "
            + "successive slices' differences / sqrt 2; swing_noise " + F(CpuSpeedSummary.SwingNoiseBands)
            + " x 1.2533 x noise / sqrt(slices per window of " + I(RunSpeed.SwingWindowSlices) + "); noisy when "
            + "swing_noise > " + F(RunSpeed.SwingBeyond) + "; swung when swing > both";
        env["speed_in_run_swing"] = F(Math.Round(inRun.Swing, 4));
        env["speed_in_run_swing_noise"] = double.IsFinite(inRun.SwingNoise)
            ? F(Math.Round(inRun.SwingNoise, 4))
            : "unknown";
        env["speed_in_run_steady"] = inRun.Swung ? "false" : "true";
        env["speed_in_run_noisy"] = inRun.Noisy ? "true" : "false";
        if (inRun.Server is { } server)
        {
            if (env.TryGetValue("speed_index_server", out string? probes))
            {
                env["speed_index_server_probes"] = probes;
            }
            env["speed_index_server"] = F(Math.Round(server));
            env["speed_index_server_rule"] = "in-run: each CPU's sampled speed, second by second, weighted by the "
                + "servers' seconds on it then";
        }
    }

    /// <summary>
    /// Rates and CPU utilisation per interval between consecutive samples; null when the run was not sampled.
    /// </summary>
    public static TimeSeries? Timeline(RunLabels labels, LoadResult r, Contamination? contamination = null,
        InRunSpeed? inRun = null)
    {
        if (r.Timeline.Count < 2)
        {
            return null;
        }
        double capacity = TaskCapacity(labels, r);
        var samples = new List<TimeSample>();
        for (int i = 1; i < r.Timeline.Count; i++)
        {
            LoadSample a = r.Timeline[i - 1], b = r.Timeline[i];
            double dt = b.Seconds - a.Seconds;
            if (dt <= 0)
            {
                continue;
            }
            var cpu = a.ServerCpuSeconds
                .Zip(b.ServerCpuSeconds, (x, y) => x is { } u && y is { } v ? (v - u) / dt / capacity : 0)
                .ToList();
            // The guard keeps one value per interval between samples, zero-length ones included.
            samples.Add(new TimeSample(b.Seconds, [], cpu, 0, 0, (b.Received - a.Received) / dt,
                (b.Sent - a.Sent) / dt, b.OpenSessions)
            {
                ForeignCpuCores = contamination is null ? null : Math.Round(contamination.ForeignCores[i - 1], 4),
                StealCores = contamination is null ? null : Math.Round(contamination.StealCores[i - 1], 4),
                CpuSpeed = inRun?.Speeds[i - 1].Select(v => v is { } speed ? Math.Round(speed) : (double?)null)
                    .ToList(),
                ServerCpuSecondsPercpu = inRun?.ServerSeconds[i - 1]?.Select(v => Math.Round(v, 6)).ToList(),
            });
        }
        double interval = samples.Count > 1 ? samples[1].Time - samples[0].Time : 1;
        return new TimeSeries(labels.Name, Math.Round(interval, 3), samples, RunReport.MeasuredSource);
    }

    /// <summary>A task's capacity is its CPU quota; without one it could use every core.</summary>
    private static double TaskCapacity(RunLabels labels, LoadResult r) =>
        labels.TaskVcpu > 0 ? labels.TaskVcpu : r.CoresAvailable;

    public static RunMetrics Metrics(LoadPlan plan, LoadResult r)
    {
        // Every send is owed to each member of its room: sent x N in one room, the classes' sum with several; with
        // churn, to the members in a session when it was sent (the model's rule).
        long expected = r.ExpectedPresent ?? r.RoomClasses?.Sum(c => c.Expected) ?? r.Sent * plan.Users;
        double ratio = expected > 0 ? (double)r.Received / expected : 0;
        double wall = r.WallSeconds > 0 ? r.WallSeconds : 1;
        return new RunMetrics(r.Sent, r.Received, expected, ratio, r.Received / wall, r.Sent / wall, r.WallSeconds,
            DurationSummary.Of(r.SessionSeconds), r.Sessions, r.ConnectFailures, r.ServerDropped ?? 0)
        {
            Churn = r.Churn,
            WsConnecting = DurationSummary.OfAny(r.ConnectSeconds),
            WsConnectingFailed = DurationSummary.OfAny(r.FailedConnectSeconds),
            WsClosing = DurationSummary.OfAny(r.CloseSeconds),
        };
    }

    public static List<string> Warnings(LoadResult r, double coresBusy, Contamination? contamination = null,
        InRunSpeed? inRun = null)
    {
        var warnings = new List<string>();
        if (inRun is { Swung: true })
        {
            warnings.Add($"SPEED SWUNG: a CPU's sampled speed moved {inRun.Swing * 100:0} % within the run (over "
                + $"{RunSpeed.SwingBeyond * 100:0} % and over the {inRun.SwingNoise * 100:0} % its slices' noise "
                + "explains): one speed index stands for a machine that changed under it");
        }
        else if (inRun is { Noisy: true } && double.IsInfinity(inRun.SwingNoise))
        {
            warnings.Add("speed timeline too short: too few of the sampler's slices to tell its noise, so its "
                + "per-second speeds are not to be trusted (a longer run)");
        }
        else if (inRun is { Noisy: true })
        {
            warnings.Add("speed timeline noisy: the sampler's slices scatter so much that its noise alone could swing "
                + $"a CPU by {inRun.SwingNoise * 100:0} %: its per-second speeds are not to be trusted "
                + "(longer --speed-slice)");
        }
        if (contamination is { Contaminated: true } c)
        {
            warnings.Add($"CONTAMINATED: other processes used {c.ForeignCoresMean:0.00} cores on average "
                + $"(max {c.ForeignCoresMax:0.00} in a second), steal {c.StealFraction * 100:0.0} %: "
                + "the machine was not the run's alone, so calibrate skips this run");
        }
        if (coresBusy > SaturatedUtilization * r.CoresAvailable)
        {
            warnings.Add($"load generator used {coresBusy:0.00} of {r.CoresAvailable} cores: "
                + "it, not the server, may have been saturated");
        }
        if (r.HitMaxDuration)
        {
            warnings.Add("max-duration reached: the run was cancelled and reported as it stood");
        }
        if (r.Foreign > 0)
        {
            warnings.Add($"{r.Foreign} messages reached a user of another room than their sender's "
                + "(a server bug): not counted as received");
        }
        if (r.ConnectFailures > 0)
        {
            warnings.Add($"{r.ConnectFailures} connect failures");
        }
        if (r.ClosesAbandoned > 0)
        {
            warnings.Add($"{r.ClosesAbandoned} closes did not complete within the close timeout and were aborted");
        }
        return warnings;
    }

    private static List<ResourceUsage> Resources(RunLabels labels, LoadResult r)
    {
        var list = new List<ResourceUsage>();
        double wall = r.WallSeconds > 0 ? r.WallSeconds : 1;
        double capacity = TaskCapacity(labels, r);
        int task = 1;
        foreach (ServerCpu s in r.ServerCpu)
        {
            if (s.Seconds is { } sec)
            {
                list.Add(new ResourceUsage($"task{task}_cpu", sec / wall / capacity, 0, 0));
            }
            task++;
        }
        if (r.RedisDelta is { } redis && labels.RedisEgressMbps is { } limit && limit > 0)
        {
            list.Add(new ResourceUsage("redis_egress", EgressMbps(redis, wall) / limit, 0, 0));
        }
        list.Add(new ResourceUsage("loadgen_cpu", r.LoadGenCpuSeconds / wall / Math.Max(1, r.CoresAvailable), 0, 0));
        return list;
    }

    private static ResourceId Bottleneck(List<ResourceUsage> resources, RunMetrics metrics)
    {
        ResourceUsage? top = resources.MaxBy(x => x.Utilization);
        if (top is not null && top.Utilization >= SaturatedUtilization)
        {
            // Any one task saturated names every task's CPU ("task_cpu").
            return top.Id.IsTaskCpu ? top.Id with { Index = ResourceId.EveryTask } : top.Id;
        }
        return metrics.DeliveryRatio >= 0.9 ? ResourceId.None : ResourceId.Unknown;
    }

    /// <summary>Exact quantiles of every counted message's latency; null when no message carried a stamp.</summary>
    public static LatencySummary? Latency(IReadOnlyList<float> latencies)
    {
        if (latencies.Count == 0)
        {
            return null;
        }
        float[] sorted = latencies.ToArray();
        Array.Sort(sorted);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(At(0.5), At(0.95), At(0.99), sorted[^1], sorted.Length);
    }

    private static double EgressMbps(RedisInfoProbe.Counters redis, double wall) =>
        wall > 0 ? redis.OutputBytes * 8.0 / wall / 1e6 : 0;

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
