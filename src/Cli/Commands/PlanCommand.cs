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
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users", "-n") { Description = "Users in the room (N)", Required = true };
        var interval = new Option<string>("--interval", "-i")
        {
            Description = "Time between two sends of one user, e.g. 1s",
            Required = true,
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
        var json = new Option<string?>("--json") { Description = "Also write every evaluated candidate as JSON" };
        var command = new Command("plan",
            "Search task count and size, Redis node and subscription mode for the cheapest configurations meeting " +
            "the target")
        {
            users, interval, target, relative, scenario, catalog, nodes, modes, maxTasks, top, replications, maxSims,
            burst, json,
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
            parse.GetValue(targetP99)), token));
        return command;
    }

    internal sealed record PlanRequest(int Users, string Interval, double Target, bool Relative, string Scenario,
        string? Catalog, string? Nodes, string Modes, int MaxTasks, int Top, int Replications, int MaxSims,
        bool AllowBurst, string? Json, bool AllowTimeLimit = false, string? MachineSpeed = null,
        string? TargetP99 = null);

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
        // The default scenario ships beside the program, so plan works from any folder.
        string scenarioFile = ProjectPaths.Existing(q.Scenario);
        if (!File.Exists(scenarioFile))
        {
            throw new UsageException($"--scenario: no scenario file at '{q.Scenario}'");
        }
        CapacityCommand.RefuseRooms("plan", scenarioFile);
        Scenario baseScenario = ScenarioFile.Load(scenarioFile, null, q.Replications, MachineSpeedOption.Into(
            new Dictionary<string, string>
            {
                ["users"] = q.Users.ToString(CultureInfo.InvariantCulture),
                ["interval"] = q.Interval,
            }, q.MachineSpeed));
        string catalogFile = q.Catalog ?? Path.Combine(ProjectPaths.CalibrationDirectory(scenarioFile)
            ?? throw new UsageException("cannot find calibration/catalog.yaml; pass --catalog"), "catalog.yaml");
        if (!File.Exists(catalogFile))
        {
            throw new UsageException($"--catalog: no catalog file at '{catalogFile}'");
        }
        var catalog = Catalog.Load(catalogFile);
        var nodes = Nodes(catalog, q.Nodes)
            .Select(n => q.AllowBurst ? n : n with { BurstGbps = n.BaselineGbps, BurstCreditSeconds = 0 }).ToList();
        List<SubscriptionMode> modes = Modes(q.Modes);
        TargetRule rule = TargetOptions.Rule(q.Target, q.Relative, baseScenario, q.TargetP99);
        var prices = new PlanPrices(catalog.Fargate.Arm64PerVcpuHour, catalog.Fargate.Arm64PerGbHour);
        List<PlanCandidate> candidates = PlanSearch.Candidates(Enumerable.Range(1, q.MaxTasks).ToList(),
            catalog.FargateSizes, nodes, modes, prices);
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
                $"{d.Tasks} x {d.TaskVcpu:0.##} vCPU, {d.RedisNode.Name}, {CapacityCommand.Mode(d.Subscription)}");
            RunReport report = Replications.Run(s, new ReplicationOptions(Cancellation: cancellation));
            reports.Add(report);
            return report;
        }
        PlanResult result = PlanSearch.Search(baseScenario, candidates, rule, Run, q.Top, q.MaxSims);
        Console.Write(Format(baseScenario, rule, result, catalog, q));
        if (q.Json is not null)
        {
            AtomicFile.WriteAllText(q.Json, JsonSerializer.Serialize(result, RunReportJson.Options));
            Console.WriteLine($"  result written to {q.Json}");
        }
        return TimeLimitOption.ExitCode(reports, q.AllowTimeLimit);
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

    private static string Format(Scenario s, TargetRule rule, PlanResult r, Catalog catalog, PlanRequest q)
    {
        var text = new StringBuilder();
        Workload w = s.Workload;
        text.AppendLine(I($"  plan: {w.Users} users, interval {w.IntervalSeconds:0.###} s, {w.Sessions} x ") +
            I($"{w.SessionSeconds:0.##} s sessions, profile {s.Profile.Name}"));
        text.AppendLine($"  target: delivery ratio >= {rule.Describe(s)}; {Plural.Of(s.Replications, "replication")} " +
            "per simulated candidate");
        text.AppendLine($"  prices: {ProjectPaths.Shown(catalog.File)} (Fargate Linux/ARM64; " +
            $"{catalog.Source.Split(". ")[0]})");
        text.AppendLine(q.AllowBurst
            ? "  redis egress: baseline plus network credits over the run (--allow-burst)"
            : "  redis egress: baseline only (a load held for hours exhausts network credits; --allow-burst to count " +
                "them)");
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
        else
        {
            text.AppendLine("  rank  $/hour   tasks x size           redis             mode            ratio (95 % " +
                "CI)     bound    task cpu  redis cpu  egress (of baseline)  bottleneck");
            int rank = 0;
            foreach (PlanEvaluation e in r.Cheapest)
            {
                PlanCandidate c = e.Candidate;
                RunReport rep = e.Report!;
                double taskCpu = rep.Resources.Where(x => x.Id.IsTaskCpu).Max(x => x.Utilization);
                double redisCpu = rep.Resources.First(x => x.Id == ResourceId.RedisCpu).Utilization;
                double sustained = FluidBound.SustainedEgressUtilization(c.Apply(s));
                string size = I($"{c.Tasks} x {c.Size.Vcpu:0.##} vCPU/{c.Size.MinMemoryGb:0.#} GB");
                string ratio = rep.Confidence is { } ci && rep.Replications.Count > 1
                    ? I($"{rep.Metrics.DeliveryRatio * 100:0.00} ± {ci.DeliveryRatioHalfWidth * 100:0.00} %")
                    : I($"{rep.Metrics.DeliveryRatio * 100:0.00} %");
                text.AppendLine(I($"  {++rank,4}  {c.DollarsPerHour,7:0.000}  {size,-21}  {c.Node.Name,-16}  ") +
                    I($"{CapacityCommand.Mode(c.Mode),-14}  {ratio,-18}  {e.Bound.MaxRatio * 100,5:0.0} %  ") +
                    I($"{taskCpu * 100,6:0} %  {redisCpu * 100,7:0.0} %  {sustained * 100,10:0} %           ") +
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
        IEnumerable<string> byBound = cheaper.Where(f => f.Report is null)
            .GroupBy(f => f.Bound.Resources.MinBy(x => x.RatioLimit)!.RatioLimit < f.Threshold
                ? f.Bound.Resources.MinBy(x => x.RatioLimit)!.Name : "session gaps")
            .OrderByDescending(g => g.Count())
            .Select(g => I($"{g.Count()} by {g.Key}"));
        string bound = string.Join(", ", byBound);
        PlanEvaluation? closest = cheaper.Where(f => f.Report is not null)
            .MaxBy(f => f.Candidate.DollarsPerHour);
        PlanEvaluation lastPruned = cheaper.Where(f => f.Report is null)
            .MaxBy(f => f.Candidate.DollarsPerHour) ?? cheaper[^1];
        string example = closest is not null
            ? $"; closest simulated: {Describe(closest.Candidate)} {closest.Reason}"
            : $"; e.g. {Describe(lastPruned.Candidate)}: {lastPruned.Reason}";
        return (bound.Length > 0 ? $"the fluid bound rules out {bound}" : "none ruled out by the bound")
            + example + ".";
    }

    private static string Describe(PlanCandidate c) =>
        I($"{c.Tasks} x {c.Size.Vcpu:0.##} vCPU {CapacityCommand.Mode(c.Mode)} {c.Node.Name} ") +
        I($"(${c.DollarsPerHour:0.000}/h)");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
