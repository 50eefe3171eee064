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
/// `fanoutsim capacity SCENARIO --target 0.95`: the largest room size that keeps the ratio, how sure that is, and what
/// limits it; for a scenario of rooms, the largest scale of the whole service (every class's count times k).
/// </summary>
internal static class CapacityCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Scenario YAML file; its users value is ignored (a rooms: file is scaled as a whole)",
        };
        Option<double> target = TargetOptions.Target();
        Option<bool> relative = TargetOptions.Relative();
        var replications = new Option<int>("--replications", "-r")
        {
            Description = "Replications per probed N",
            DefaultValueFactory = _ => 5,
        };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "Base seed (overrides the scenario)" };
        var minUsers = new Option<int>("--min-users")
        {
            Description = "Smallest N searched (for rooms: the smallest service's users)",
            DefaultValueFactory = _ => 2,
        };
        var maxUsers = new Option<int>("--max-users")
        {
            Description = "Largest N searched (for rooms: the largest service's users)",
            DefaultValueFactory = _ => 5000,
        };
        var json = new Option<string?>("--json") { Description = "Also write the result with every probe as JSON" };
        Option<string[]> set = SetOption.Create();
        var command = new Command("capacity",
            "Find the largest N (or scale of a service's rooms) that keeps the delivery ratio at the target " +
            "(bisection with confidence intervals) and the limiting resource")
        {
            scenario, target, relative, replications, seed, minUsers, maxUsers, json, set,
        };
        Option<bool> allowTimeLimit = TimeLimitOption.Create();
        command.Options.Add(allowTimeLimit);
        Option<string?> machineSpeed = MachineSpeedOption.Create();
        command.Options.Add(machineSpeed);
        Option<string?> targetP99 = TargetOptions.TargetP99();
        command.Options.Add(targetP99);
        CliErrors.SetAction(command, (parse, token) => Execute(parse.GetValue(scenario)!, parse.GetValue(target),
            parse.GetValue(relative), parse.GetValue(replications), parse.GetValue(seed), parse.GetValue(minUsers),
            parse.GetValue(maxUsers), parse.GetValue(json),
            MachineSpeedOption.Into(SetOption.Parse(parse.GetValue(set)), parse.GetValue(machineSpeed)),
            parse.GetValue(allowTimeLimit), parse.GetValue(targetP99), token));
        return command;
    }

    private static int Execute(string file, double target, bool relative, int replications, ulong? seed, int minUsers,
        int maxUsers, string? jsonPath, Dictionary<string, string> overrides, bool allowTimeLimit, string? targetP99,
        CancellationToken cancellation)
    {
        OutputPath.CheckFile("--json", jsonPath);
        if (replications < 2)
        {
            throw new UsageException($"--replications must be at least 2 to give a confidence interval, got " +
                $"{replications}");
        }
        if (minUsers < 1 || maxUsers < minUsers)
        {
            throw new UsageException($"--min-users/--max-users: need 1 <= min <= max, got {minUsers}..{maxUsers}");
        }
        Scenario baseScenario = ScenarioFile.Load(file, seed, replications, overrides);
        TargetRule rule = TargetOptions.Rule(target, relative, baseScenario, targetP99);
        // A rooms: file fixes its users by its classes: the search scales the whole service instead of one room.
        RoomScaleAxis? rooms = baseScenario.Workload.Rooms is null ? null : RoomsAxis(file, baseScenario, minUsers,
            maxUsers);
        int probes = 0;
        var reports = new List<RunReport>();
        RunReport Run(Scenario s)
        {
            string inRooms = s.Workload.Rooms is { } classes
                ? Invariant($" in {classes.Sum(c => c.Count)} rooms")
                : "";
            Console.Error.WriteLine($"capacity: probing N={s.Workload.Users}{inRooms} ({++probes})");
            RunReport report = Replications.Run(s, new ReplicationOptions(Cancellation: cancellation));
            reports.Add(report);
            return report;
        }
        CapacityResult result = rooms is null
            ? CapacitySearch.Find(baseScenario, rule, Run, minUsers, maxUsers)
            : CapacitySearch.Find(rooms, rule, Run);
        Console.Write(rooms is null
            ? Format(baseScenario, rule, result)
            : CapacityRoomsText.Format(baseScenario, rooms, rule, result));
        if (jsonPath is not null)
        {
            // One room's file is unchanged; a service's adds its answer as users and rooms (N there are points).
            string json = rooms is null
                ? JsonSerializer.Serialize(new
                {
                    Scenario = baseScenario.Name,
                    Target = target,
                    Relative = relative,
                    Result = result
                }, RunReportJson.Options)
                : JsonSerializer.Serialize(new
                {
                    Scenario = baseScenario.Name,
                    Target = target,
                    Relative = relative,
                    Answer = Answer(rooms, result),
                    Result = result
                }, RunReportJson.Options);
            AtomicFile.WriteAllText(jsonPath, json);
            Console.WriteLine($"  result written to {jsonPath}");
        }
        return TimeLimitOption.ExitCode(reports, allowTimeLimit);
    }

    private static RoomScaleAxis RoomsAxis(string file, Scenario scenario, int minUsers, int maxUsers)
    {
        var axis = new RoomScaleAxis(scenario, minUsers, maxUsers);
        if (axis.Max < axis.Min)
        {
            throw new UsageException($"{file}: no scale of the service has {minUsers}..{maxUsers} users " +
                $"(--min-users/--max-users); the smallest, k = " +
                $"{axis.Scale(1).ToString("0.###", CultureInfo.InvariantCulture)}, has {axis.UsersAt(1)}");
        }
        return axis;
    }

    /// <summary>The largest scale as a capacity planner reads it: k, users, rooms per class; null when none holds.
    /// </summary>
    private static object? Answer(RoomScaleAxis axis, CapacityResult r) => r.MaxUsers is not int point
        ? null
        : new
        {
            Scale = axis.Scale(point),
            Users = axis.UsersAt(point),
            Rooms = axis.ClassesAt(point).Select(c => new { c.Count, Size = c.SizeText }).ToList(),
            LimitingResource = r.LimitingResource,
        };

    internal static string Format(Scenario s, TargetRule rule, CapacityResult r)
    {
        var text = new StringBuilder();
        Deployment d = s.Deployment;
        string Pct(double v) => (v * 100).ToString("0.00", CultureInfo.InvariantCulture);
        // With a latency target the probe says its p99 too, so a miss on latency alone reads as one.
        string Probe(CapacityProbe p) => $"{Pct(p.Ratio)} % ± {Pct(p.HalfWidth)} pp" +
            (p.P99Target is null || p.P99 is not { } p99 ? "" : Invariant($", p99 {p99 * 1000:0} ms")) +
            $" at N={p.Users}";
        text.AppendLine(Invariant($"  capacity of {Echoed.Capped(s.Name)}: {d.Tasks} task(s) x ") +
            Invariant($"{d.TaskVcpu:0.##} vCPU, {Mode(d.Subscription)}, Redis {d.RedisNode.Name}, interval ") +
            Invariant($"{s.Workload.IntervalSeconds:0.###} s"));
        text.AppendLine($"  target: delivery ratio >= {rule.Describe(s)}, {s.Replications} replications per probe " +
            $"(95 % CI)");
        if (r.MaxUsers is not int max)
        {
            text.AppendLine($"  largest N: none; even N={r.Probes[0].Users} misses the target ({Probe(r.Probes[0])})");
            text.AppendLine("  (at small N sessions stay aligned and k6 loses the tick that races the close; " +
                "--relative compares with that)");
        }
        else
        {
            string limit = r.HitSearchLimit ? " (the search limit; raise --max-users)" : "";
            text.AppendLine($"  largest N: {max}{limit}  ({Probe(r.AtMax!)}" +
                (r.FirstFailing is { } f ? $"; {Probe(f)})" : ")"));
        }
        text.AppendLine("  noise:     " + Noise(r, (relation, n) => $"N {relation} {n}"));
        text.AppendLine($"  limited by: {r.LimitingResource}" +
            (r.FirstFailing is { } ff ? $" (the busiest resource at N={ff.Users})" : ""));
        text.AppendLine($"  fluid bound: N <= {r.BoundUsers} ({r.BoundBottleneck}); no simulation can do better");
        text.AppendLine("  probes:    " +
            string.Join(", ", r.Probes.Select(p => $"N={p.Users} {Pct(p.Ratio)}%{(p.Meets ? "" : " x")}")));
        return text.ToString();
    }

    /// <summary>
    /// Whether the answer is noise: what surely meets and surely fails, each point written as
    /// <paramref name="point"/> says (e.g. "N &lt;= 87").
    /// </summary>
    internal static string Noise(CapacityResult r, Func<string, int, string> point)
    {
        if (r.AtMax is { } a && r.FirstFailing is { } f && a.Certain && f.Certain)
        {
            return "both neighbours' confidence intervals are clear of the target: the answer is not noise";
        }
        string meets = r.SurelyMeets is int m
            ? $"{point("<=", m)} meets the target with 95 % confidence"
            : "no probe meets the target with 95 % confidence";
        string fails = r.SurelyFails is int x ? $"{point(">=", x)} surely fails" : "no probe surely fails";
        return $"{meets}; {fails}; between them the confidence interval straddles the target (add replications to " +
            $"narrow it)";
    }

    internal static string Mode(SubscriptionMode mode) => SubscriptionModeText.ToText(mode);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
