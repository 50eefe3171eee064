using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FanoutSim.Cli.Files;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim plan --users 500 --interval 1s --target 0.95`: the cheapest catalog deployments that meet the target.
/// With a rooms scenario (`--scenario rooms.yaml`) the users come from its rooms and Redis layouts are searched too.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var users = new Option<int?>("--users", "-n")
        {
            Description = "Users in the room (N); required unless the scenario has rooms, which fix the users",
        };
        var interval = new Option<string?>("--interval", "-i")
        {
            Description = "Time between two sends of one user, e.g. 1s; required unless the scenario has rooms " +
                "(default: the scenario's)",
        };
        Option<double> target = TargetOptions.Target();
        Option<bool> relative = TargetOptions.Relative();
        var scenario = new Option<string>("--scenario")
        {
            Description = "Scenario giving the profile, sessions and seed",
            DefaultValueFactory = _ => "scenarios/n100.yaml",
        };
        var catalog = new Option<string?>("--catalog")
        {
            Description = "Catalog of Redis nodes and Fargate prices (default: calibration/catalog.yaml)",
        };
        var nodes = new Option<string?>("--redis-nodes")
        {
            Description = "Only these catalog nodes, comma-separated (default: every priced node)",
        };
        var modes = new Option<string>("--modes")
        {
            Description = "Subscription modes to consider",
            DefaultValueFactory = _ => string.Join(',', SubscriptionModeText.Map.Names),
        };
        var maxTasks = new Option<int>("--max-tasks")
        {
            Description = "Most tasks considered",
            DefaultValueFactory = _ => 128,
        };
        var top = new Option<int>("--top")
        {
            Description = "How many passing configurations to list",
            DefaultValueFactory = _ => 3,
        };
        var replications = new Option<int>("--replications", "-r")
        {
            Description = "Replications per simulated candidate",
            DefaultValueFactory = _ => 3,
        };
        var maxSims = new Option<int>("--max-sims")
        {
            Description = "Simulation budget",
            DefaultValueFactory = _ => 40,
        };
        var burst = new Option<bool>("--allow-burst")
        {
            Description = "Let Redis egress use network credits (by default only the baseline counts: a held load " +
                "exhausts credits)",
        };
        var topologies = new Option<string?>("--redis-topologies")
        {
            Description = $"Redis topologies to consider, comma-separated ({RedisTopologyText.Map.Known}; default: " +
                "single, and cluster-sharded too for a rooms scenario)",
        };
        var maxShards = new Option<int>("--max-shards")
        {
            Description = "Most shards of a sharded topology (candidates have 2..this many)",
            DefaultValueFactory = _ => 6,
        };
        var json = new Option<string?>("--json") { Description = "Also write every evaluated candidate as JSON" };
        var command = new Command("plan",
            "Search task count and size, Redis node and subscription mode for the cheapest configurations meeting " +
            "the target")
        {
            users, interval, target, relative, scenario, catalog, nodes, modes, maxTasks, top, replications, maxSims,
            burst, json, topologies, maxShards,
        };
        Option<bool> allowTimeLimit = TimeLimitOption.Create();
        command.Options.Add(allowTimeLimit);
        Option<string?> machineSpeed = MachineSpeedOption.Create();
        command.Options.Add(machineSpeed);
        Option<string?> targetP99 = TargetOptions.TargetP99();
        command.Options.Add(targetP99);
        CliErrors.SetAction(command, (parse, token) => Execute(new PlanRequest(parse.GetValue(users),
            parse.GetValue(interval)!, parse.GetValue(target), parse.GetValue(relative), parse.GetValue(scenario)!,
            parse.GetValue(catalog), parse.GetValue(nodes), parse.GetValue(modes)!, parse.GetValue(maxTasks),
            parse.GetValue(top), parse.GetValue(replications), parse.GetValue(maxSims), parse.GetValue(burst),
            parse.GetValue(json), parse.GetValue(allowTimeLimit), parse.GetValue(machineSpeed),
            parse.GetValue(targetP99), parse.GetValue(topologies), parse.GetValue(maxShards)), token));
        return command;
    }

    /// <param name="Users">null with a rooms scenario, whose rooms fix the users</param>
    /// <param name="Topologies">null = the default for the scenario (single; and cluster-sharded with rooms)</param>
    internal sealed record PlanRequest(int? Users, string? Interval, double Target, bool Relative, string Scenario,
        string? Catalog, string? Nodes, string Modes, int MaxTasks, int Top, int Replications, int MaxSims,
        bool AllowBurst, string? Json, bool AllowTimeLimit = false, string? MachineSpeed = null,
        string? TargetP99 = null, string? Topologies = null, int MaxShards = 6);

    internal static int Execute(PlanRequest q, CancellationToken cancellation = default)
    {
        OutputPath.CheckFile("--json", q.Json);
        if (q.Users < 1)
        {
            throw new UsageException($"--users must be at least 1, got {q.Users}");
        }
        if (q.MaxTasks < 1 || q.Top < 1 || q.MaxSims < 1 || q.Replications < 1)
        {
            throw new UsageException("--max-tasks, --top, --max-sims and --replications must be at least 1");
        }
        if (q.MaxShards is < 2 or > ScenarioRules.MaxShards)
        {
            throw new UsageException($"--max-shards must be from 2 to {ScenarioRules.MaxShards}, got {q.MaxShards}");
        }
        // The default scenario ships beside the program, so plan works from any folder.
        string scenarioFile = ProjectPaths.Existing(q.Scenario);
        if (!File.Exists(scenarioFile))
        {
            throw new UsageException($"--scenario: no scenario file at '{q.Scenario}'");
        }
        bool rooms = ScenarioFile.DeclaresRooms(scenarioFile);
        Scenario baseScenario = ScenarioFile.Load(scenarioFile, null, q.Replications,
            MachineSpeedOption.Into(Overrides(q, rooms, scenarioFile), q.MachineSpeed));
        string catalogFile = q.Catalog ?? Path.Combine(ProjectPaths.CalibrationDirectory(scenarioFile)
            ?? throw new UsageException("cannot find calibration/catalog.yaml; pass --catalog"), "catalog.yaml");
        if (!File.Exists(catalogFile))
        {
            throw new UsageException($"--catalog: no catalog file at '{catalogFile}'");
        }
        var catalog = Catalog.Load(catalogFile);
        // Several rooms are simulated on a fluid link only: the node's rates without millisecond shaping.
        bool fluid = baseScenario.Workload.SeveralRooms;
        var nodes = Nodes(catalog, q.Nodes)
            .Select(n => q.AllowBurst ? n : n with { BurstGbps = n.BaselineGbps, BurstCreditSeconds = 0 })
            .Select(n => fluid ? n with { Shaping = null } : n).ToList();
        List<SubscriptionMode> modes = Modes(q.Modes);
        List<RedisLayout> layouts = RedisLayout.For(Topologies(q.Topologies, rooms), q.MaxShards);
        TargetRule rule = TargetOptions.Rule(q.Target, q.Relative, baseScenario, q.TargetP99);
        var prices = new PlanPrices(catalog.Fargate.Arm64PerVcpuHour, catalog.Fargate.Arm64PerGbHour);
        List<PlanCandidate> candidates = PlanSearch.SizedForMemory(PlanSearch.Candidates(
            Enumerable.Range(1, q.MaxTasks).ToList(), catalog.FargateSizes, nodes, modes, prices, layouts),
            baseScenario, prices);
        int simulated = 0;
        Deployment? last = null;
        var reports = new List<RunReport>();
        RunReport Run(Scenario s)
        {
            Deployment d = s.Deployment;
            // Count candidates, as the summary does: a confirming run of the same candidate is not another one.
            bool confirming = d == last;
            last = d;
            Console.Error.WriteLine((confirming
                    ? $"plan: confirming {simulated} with {Plural.Of(s.Replications, "replication")}: "
                    : $"plan: simulating {++simulated}: ") +
                $"{d.Tasks} x {d.TaskVcpu:0.##} vCPU, " +
                $"{new RedisLayout(d.RedisTopology, d.RedisShards).Describe(d.RedisNode)}, " +
                CapacityCommand.Mode(d.Subscription));
            RunReport report = Replications.Run(s, new ReplicationOptions(Cancellation: cancellation));
            reports.Add(report);
            return report;
        }
        PlanResult result = PlanSearch.Search(baseScenario, candidates, rule, Run, q.Top, q.MaxSims);
        Console.Write(Format(baseScenario, rule, result, catalog, q, layouts));
        if (q.Json is not null)
        {
            AtomicFile.WriteAllText(q.Json, JsonSerializer.Serialize(result, RunReportJson.Options));
            Console.WriteLine($"  result written to {q.Json}");
        }
        return TimeLimitOption.ExitCode(reports, q.AllowTimeLimit);
    }

    /// <summary>
    /// What the command line sets in the scenario: users and interval for one room; a rooms scenario fixes its users
    /// (asking for others is refused, not silently ignored) and keeps its interval unless given.
    /// </summary>
    private static Dictionary<string, string> Overrides(PlanRequest q, bool rooms, string file)
    {
        var overrides = new Dictionary<string, string>();
        if (rooms)
        {
            if (q.Users is not null)
            {
                throw new UsageException($"--users: {file} has rooms:, whose sizes fix the users; leave --users out " +
                    "(or change the rooms)");
            }
        }
        else if (q.Users is null || q.Interval is null)
        {
            throw new UsageException($"--users and --interval are required: {file} has no rooms: to fix them");
        }
        else
        {
            overrides["users"] = q.Users.Value.ToString(CultureInfo.InvariantCulture);
        }
        if (q.Interval is not null)
        {
            overrides["interval"] = q.Interval;
        }
        return overrides;
    }

    private static List<RedisTopology> Topologies(string? text, bool rooms)
    {
        if (text is null)
        {
            // One room keeps one node by default, so one-room plans are what they were.
            return rooms ? [RedisTopology.Single, RedisTopology.ClusterSharded] : [RedisTopology.Single];
        }
        var topologies = new List<RedisTopology>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            topologies.Add(RedisTopologyText.Map.TryParse(name, out RedisTopology topology)
                ? topology
                : throw new UsageException($"--redis-topologies: unknown topology '{name}'; expected " +
                    $"{RedisTopologyText.Map.Known}"));
        }
        return topologies.Count > 0 ? topologies : throw new UsageException("--redis-topologies: no topology named");
    }

    private static List<RedisNodeType> Nodes(Catalog catalog, string? names)
    {
        if (names is null)
        {
            var priced = catalog.RedisNodes.Values.Where(n => n.DollarsPerHour > 0).ToList();
            return priced.Count > 0
                ? priced
                : throw new UsageException($"catalog {catalog.File} has no Redis node with a price");
        }
        var nodes = new List<RedisNodeType>();
        foreach (string name in names.Split(',',
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!catalog.RedisNodes.TryGetValue(name, out RedisNodeType? node))
            {
                throw new UsageException($"--redis-nodes: catalog {catalog.File} has no node '{name}'; known: " +
                    $"{string.Join(", ", catalog.RedisNodes.Keys)}");
            }
            nodes.Add(node);
        }
        return nodes.Count > 0 ? nodes : throw new UsageException("--redis-nodes: no node named");
    }

    private static List<SubscriptionMode> Modes(string text)
    {
        var modes = new List<SubscriptionMode>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            modes.Add(SubscriptionModeText.Map.TryParse(name, out SubscriptionMode mode)
                ? mode
                : throw new UsageException($"--modes: unknown subscription mode '{name}'; expected " +
                    $"{SubscriptionModeText.Map.Known}"));
        }
        return modes.Count > 0 ? modes.Distinct().ToList() : throw new UsageException("--modes: no mode named");
    }

    private static string Format(Scenario s, TargetRule rule, PlanResult r, Catalog catalog, PlanRequest q,
        IReadOnlyList<RedisLayout> layouts)
    {
        var text = new StringBuilder();
        Workload w = s.Workload;
        // Rooms or shards add the layout, the price split and each room class; a one-node, one-room plan reads as it
        // always has.
        bool wide = w.SeveralRooms || layouts.Any(l => !l.IsSingle);
        text.AppendLine(I($"  plan: {w.Users} users{RoomsText(w)}, interval {w.IntervalSeconds:0.###} s, ") +
            I($"{w.Sessions} x {w.SessionSeconds:0.##} s sessions, profile {s.Profile.Name}"));
        text.AppendLine($"  target: delivery ratio >= {rule.Describe(s)}; {Plural.Of(s.Replications, "replication")} " +
            "per simulated candidate");
        text.AppendLine($"  prices: {ProjectPaths.Shown(catalog.File)} (Fargate Linux/ARM64; " +
            $"{catalog.Source.Split(". ")[0]})");
        text.AppendLine(q.AllowBurst
            ? "  redis egress: baseline plus network credits over the run (--allow-burst)"
            : "  redis egress: baseline only (a load held for hours exhausts network credits; --allow-burst to count " +
                "them)");
        if (wide)
        {
            text.AppendLine("  redis layouts: " + string.Join(", ", layouts.Select(l => l.Topology).Distinct()
                .Select(t => t == RedisTopology.Single
                    ? "single"
                    : I($"{t.ToText()} 2-{layouts.Where(l => l.Topology == t).Max(l => l.Shards)} shards"))) +
                "; each shard is a node of the type, priced as one; " + (w.SeveralRooms
                    ? "rooms and shards run on a fluid link at the node's rate (millisecond shaping is not modelled)"
                    : "shards run on a fluid link at the node's rate (millisecond shaping is not modelled for them)"));
        }
        text.AppendLine(I($"  searched {r.Candidates} configurations: {r.PrunedByBound} ruled out by the fluid ") +
            I($"bound, {r.Simulated} simulated"));
        text.AppendLine();
        if (r.Cheapest.Count == 0)
        {
            text.AppendLine(r.BudgetExhausted
                ? "  no configuration met the target within the simulation budget (raise --max-sims or --max-tasks)"
                : "  no configuration in the catalog meets the target (raise --max-tasks, add nodes, or lower " +
                    "--target)");
        }
        else if (wide)
        {
            text.Append(WideTable(s, r));
        }
        else
        {
            text.AppendLine("  rank  $/hour   tasks x size           redis             mode            ratio (95 % " +
                "CI)     bound    task cpu  redis cpu  egress (of baseline)  bottleneck");
            int rank = 0;
            foreach (PlanEvaluation e in r.Cheapest)
            {
                PlanCandidate c = e.Candidate;
                RunReport rep = e.Report!;
                double sustained = FluidBound.SustainedEgressUtilization(c.Apply(s));
                text.AppendLine(I($"  {++rank,4}  {c.DollarsPerHour,7:0.000}  {Size(c),-21}  {c.Node.Name,-16}  ") +
                    I($"{CapacityCommand.Mode(c.Mode),-14}  {Ratio(rep),-18}  {e.Bound.MaxRatio * 100,5:0.0} %  ") +
                    I($"{TaskCpu(rep) * 100,6:0} %  {RedisCpu(rep) * 100,7:0.0} %  ") +
                    I($"{sustained * 100,10:0} %           ") +
                    BottleneckText.Of(rep));
            }
        }
        text.AppendLine("  why cheaper ones fail: " + WhyCheaperFail(r));
        if (s.Profile.UsableCoresPerTask < FargateSize.All.Max(f => f.Vcpu))
        {
            text.AppendLine(I($"  note: profile {s.Profile.Name} uses at most {s.Profile.UsableCoresPerTask:0.##} ") +
                I($"core(s) per task, so larger task sizes cost more and forward no faster"));
        }
        return text.ToString();
    }

    /// <summary>
    /// The table with Redis layouts: the price split, the busiest shard's CPU and sustained egress, and with rooms the
    /// room class that fares worst.
    /// </summary>
    private static string WideTable(Scenario s, PlanResult r)
    {
        var rows = new List<string[]>
        {
            new[]
            {
                "rank", "$/hour", "tasks + redis", "tasks x size", "redis", "mode", "ratio (95 % CI)", "bound",
                "task cpu", "redis cpu", "egress", "bottleneck", s.Workload.SeveralRooms ? "worst room class" : "",
            },
        };
        int rank = 0;
        foreach (PlanEvaluation e in r.Cheapest)
        {
            PlanCandidate c = e.Candidate;
            RunReport rep = e.Report!;
            double sustained = FluidBound.SustainedEgressUtilization(c.Apply(s));
            RoomClassMetrics? worst = rep.RoomClasses is { Count: > 0 } classes
                ? classes.MinBy(k => k.DeliveryRatio)
                : null;
            rows.Add(
            [
                I($"{++rank}"), I($"{c.DollarsPerHour:0.000}"),
                I($"{c.TasksDollarsPerHour:0.000} + {c.RedisDollarsPerHour:0.000}"), Size(c),
                c.Layout.Describe(c.Node), CapacityCommand.Mode(c.Mode), Ratio(rep),
                I($"{e.Bound.MaxRatio * 100:0.0} %"),
                I($"{TaskCpu(rep) * 100:0} %"), I($"{RedisCpu(rep) * 100:0.0} %"), I($"{sustained * 100:0} %"),
                BottleneckText.Of(rep),
                worst is null
                    ? ""
                    : I($"{worst.Rooms}x{(worst.Sizes is null ? "" : "~")}{worst.Size} ") +
                        I($"{worst.DeliveryRatio * 100:0.0} %"),
            ]);
        }
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(row => row[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (string[] row in rows)
        {
            // Numbers right-aligned as in the one-node table, words left.
            text.AppendLine(("  " + string.Join("  ", row.Select((cell, i) => i is 0 or 1 or 7 or 8 or 9 or 10
                ? cell.PadLeft(widths[i])
                : cell.PadRight(widths[i])))).TrimEnd());
        }
        return text.ToString();
    }

    /// <summary>" in 31 rooms (30 x 10, 1 x 100)" for a rooms scenario, nothing for one room.</summary>
    private static string RoomsText(Workload w) => w.Rooms is { } classes && w.SeveralRooms
        ? I($" in {classes.Sum(c => c.Count)} rooms (") + string.Join(", ",
            classes.Select(c => I($"{c.Count} x {c.SizeText}"))) + ")"
        : "";

    private static string Size(PlanCandidate c) =>
        I($"{c.Tasks} x {c.Size.Vcpu:0.##} vCPU/{c.MemoryGb:0.#} GB");

    private static string Ratio(RunReport rep) => rep.Confidence is { } ci && rep.Replications.Count > 1
        ? I($"{rep.Metrics.DeliveryRatio * 100:0.00} ± {ci.DeliveryRatioHalfWidth * 100:0.00} %")
        : I($"{rep.Metrics.DeliveryRatio * 100:0.00} %");

    private static double TaskCpu(RunReport rep) => rep.Resources.Where(x => x.Id.IsTaskCpu).Max(x => x.Utilization);

    /// <summary>The busiest Redis node's CPU (the one node's, or the busiest shard's).</summary>
    private static double RedisCpu(RunReport rep) =>
        rep.Resources.Where(x => x.Id.Kind == ResourceKind.RedisCpu).Max(x => x.Utilization);

    /// <summary>One line: what the bound ruled out (by resource) and the closest simulated miss.</summary>
    internal static string WhyCheaperFail(PlanResult r)
    {
        // The search goes on past the winner to fill --top; only what costs less than the winner is "cheaper".
        double winner = r.Cheapest.Count > 0 ? r.Cheapest[0].Candidate.DollarsPerHour : double.PositiveInfinity;
        var cheaper = r.CheaperFailures.Where(f => f.Candidate.DollarsPerHour < winner).ToList();
        if (cheaper.Count == 0)
        {
            return "nothing cheaper was considered.";
        }
        // Candidates skipped because the same tasks already failed on CPU were not ruled out by the bound.
        IEnumerable<string> byBound = cheaper.Where(f => f.Report is null && !f.SkippedAfterCpuFailure)
            .GroupBy(f => f.Bound.Resources.MinBy(x => x.RatioLimit)!.RatioLimit < f.Threshold
                ? f.Bound.Resources.MinBy(x => x.RatioLimit)!.Name : "session gaps")
            .OrderByDescending(g => g.Count())
            .Select(g => I($"{g.Count()} by {g.Key}"));
        int skipped = cheaper.Count(f => f.SkippedAfterCpuFailure);
        string bound = string.Join(", ", byBound);
        string sameTasks = skipped > 0 ? I($", {skipped} because the same tasks failed on task cpu") : "";
        PlanEvaluation? closest = cheaper.Where(f => f.Report is not null)
            .MaxBy(f => f.Candidate.DollarsPerHour);
        PlanEvaluation lastPruned = cheaper.Where(f => f.Report is null)
            .MaxBy(f => f.Candidate.DollarsPerHour) ?? cheaper[^1];
        string example = closest is not null
            ? $"; closest simulated: {Describe(closest.Candidate)} {closest.Reason}"
            : $"; e.g. {Describe(lastPruned.Candidate)}: {lastPruned.Reason}";
        return (bound.Length > 0 ? $"the fluid bound rules out {bound}" : "none ruled out by the bound")
            + sameTasks + example + ".";
    }

    private static string Describe(PlanCandidate c) =>
        I($"{c.Tasks} x {c.Size.Vcpu:0.##} vCPU {CapacityCommand.Mode(c.Mode)} {c.Layout.Describe(c.Node)} ") +
        I($"(${c.DollarsPerHour:0.000}/h)");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
