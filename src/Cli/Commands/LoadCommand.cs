using System.CommandLine;
using FanoutSim.Cli.Files;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim load`: drives real WebSocket chat servers with k6 `ws` semantics and reports a measured run.
/// </summary>
internal static class LoadCommand
{
    private const int BadInput = 2;

    public static Command Create()
    {
        var url = new Option<string[]>("--url")
        {
            Description = "Server WebSocket url, e.g. ws://127.0.0.1:5001/ws/room1; repeat for more server processes " +
                "(connections spread by --load-balancer)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var users = new Option<int>("--users")
        {
            Description = "Virtual users N, all in the url's room unless --rooms places them (with --rooms-from, the "
                + "scenario's members when left out)",
            DefaultValueFactory = _ => 10,
        };
        var interval = new Option<string>("--interval")
        {
            Description = "Send interval: seconds, or 1s / 500ms / 2m (with --rooms-from, the scenario's top-level "
                + "interval, which its classes without their own inherit)",
            DefaultValueFactory = _ => "1s",
        };
        var session = new Option<string>("--session")
        {
            Description = "Session length from open to close: seconds, or 10s; or a law each session draws its length "
                + "from: exponential:MEAN, lognormal:MEDIAN:SIGMA, uniform:MIN:MAX (as the simulator draws them)",
            DefaultValueFactory = _ => "10s",
        };
        var reconnect = new Option<string?>("--reconnect")
        {
            Description = "Gap before a user dials again after a session: a duration or a law as for --session "
                + "(default: back to back)",
        };
        var duration = new Option<string?>("--duration")
        {
            Description = "Users reconnect until then (e.g. 10m), when every open session is closed; instead of "
                + "--sessions",
        };
        var sessions = new Option<int>("--sessions")
        {
            Description = "Sessions each user runs back to back",
            DefaultValueFactory = _ => 6,
        };
        var ramp = new Option<string>("--ramp")
        {
            Description = "Spread the users' first dial over this long (e.g. 1s); 0 = all at once like k6",
            DefaultValueFactory = _ => "0s",
        };
        var maxDuration = new Option<string?>("--max-duration")
        {
            Description = "Hard stop; default sessions x (session + 5 s) + 30 s + ramp",
        };
        var readPace = new Option<string>("--read-pace")
        {
            Description = "Least time between two socket reads per connection (batches frames, saves CPU); 0 = eager",
            DefaultValueFactory = _ => "20ms",
        };
        var json = new Option<string?>("--json") { Description = "Write the RunReport JSON to this file (atomically)" };
        var allowNs = new Option<bool>("--allow-namespace-address")
        {
            Description = "Allow a non-loopback url that lives inside a network namespace you created",
        };
        var name = new Option<string?>("--name") { Description = "Run name recorded in the report" };
        var subscription = new Option<string>("--subscription")
        {
            Description = $"Label: the servers' subscription mode, {SubscriptionModeText.Map.Known}",
            DefaultValueFactory = _ => SubscriptionMode.PerConnection.ToText(),
        };
        var tasks = new Option<int?>("--tasks")
        {
            Description = "Label: number of server processes (default: number of urls)",
        };
        var taskVcpu = new Option<double?>("--task-vcpu")
        {
            Description = "Label: CPU quota in cores given to EACH server process (default: all cores)",
        };
        var taskMemory = new Option<double?>("--task-memory-gb")
        {
            Description = "Label: memory of EACH server process in GB (default 2)",
        };
        var egress = new Option<double?>("--redis-egress-mbps")
        {
            Description = "Label: Redis egress limit in Mbit/s (leave out for none)",
        };
        var shapingBucket = new Option<double?>("--redis-shaping-bucket-kb")
        {
            Description = "Label: the egress limit's burst in kB (tc htb burst), when its queue drops (with "
                + "--redis-shaping-queue-kb)",
        };
        var shapingQueue = new Option<double?>("--redis-shaping-queue-kb")
        {
            Description = "Label: the egress limit's queue in kB (bfifo limit under the htb class); beyond it packets "
                + "are dropped",
        };
        var rooms = new Option<string?>("--rooms")
        {
            Description = "Room classes COUNTxSIZE, comma-separated, e.g. 30x10,1x100 (30 rooms of 10, then 1 of 100; "
                + "members must add up to --users). Users fill them in order as the simulator places them; room i is "
                + "the url's last segment + \"-i\" (ws://.../ws/chat -> chat-0, chat-1, ...)",
        };
        var roomsFrom = new Option<string?>("--rooms-from")
        {
            Description = "Scenario YAML whose rooms: to drive, read and checked as `fanoutsim run` reads it: each "
                + "class with its own interval, sends (ticks | poisson), send_jitter and message_bytes (a number or a "
                + "law, the size the server publishes: messages are padded to it, 200 bytes unpadded), over the "
                + "scenario's top-level interval, sends and send_jitter. Users, sessions and the rest stay these "
                + "options'. Instead of --rooms",
        };
        var balancer = new Option<string>("--load-balancer")
        {
            Description = $"How connections spread over the urls: {LoadBalancing.RoundRobin.ToText()} (each dial the "
                + $"next url) or {LoadBalancing.RoomAffine.ToText()} (a room's connections all on the url the "
                + "simulator deals it to, largest rooms first)",
            DefaultValueFactory = _ => LoadBalancing.RoundRobin.ToText(),
        };
        var redisTopology = new Option<string>("--redis-topology")
        {
            Description = $"Label: how the servers' Redis is sharded, {RedisTopologyText.Map.Known} "
                + "(the servers are configured by whoever starts them, e.g. calibration/run-local)",
            DefaultValueFactory = _ => RedisTopology.Single.ToText(),
        };
        var redisShards = new Option<int?>("--redis-shards")
        {
            Description = "Label: Redis shards (masters) of a sharded --redis-topology",
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the start jitter",
            DefaultValueFactory = _ => 1UL,
        };
        var serverPid = new Option<int[]>("--server-pid")
        {
            Description = "Server process id whose CPU time to report; repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var ownPid = new Option<int[]>("--own-pid")
        {
            Description = "Another process of this run (Redis, an id service) whose CPU is not contamination; "
                + "repeatable (default: the one redis-server, if --redis is given and only one runs)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var serverCpuacct = new Option<string[]>("--server-cpuacct")
        {
            Description = "Folder of a cgroup v1 cpuacct group holding the servers (and nothing else); repeatable. "
                + "Records their CPU seconds per CPU and the speed index of the CPUs they ran on",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var serverCgroup = new Option<string[]>("--server-cgroup")
        {
            Description = "Folder of a server's cgroup v1 cpu group, one per --server-pid in the same order; "
                + "repeatable. Records its throttling (cpu.stat) second by second in the report's process_cpu",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var speedTimeline = new Option<bool>("--speed-timeline")
        {
            Description = "Sample each CPU's speed during the run (--speed-slice of the speed probe's work every "
                + "--speed-every, each CPU in turn, in a child process) and record it second by second; with "
                + "--server-cpuacct the servers' seconds on each CPU too, and speed_index_server as the speed each CPU "
                + "had while they ran",
        };
        var speedSlice = new Option<string>("--speed-slice")
        {
            Description = "With --speed-timeline: CPU time of each of the sampler's slices",
            DefaultValueFactory = _ => SamplerPace.Default.Arguments[1],
        };
        var speedEvery = new Option<string>("--speed-every")
        {
            Description = "With --speed-timeline: one slice this often, each CPU in turn",
            DefaultValueFactory = _ => SamplerPace.Default.Arguments[3],
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "Redis HOST:PORT, or unix:PATH for its Unix socket (use it when the link is shaped), "
                + "whose INFO byte counters to report (egress caused by the run)",
        };
        var env = new Option<string[]>("--env")
        {
            Description = "Extra KEY=VALUE fact for the report's environment; repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("load",
            "Drive real chat servers with k6-style WebSocket users and report measured fan-out");
        foreach (Option o in new Option[] { url, users, interval, session, reconnect, duration, sessions, ramp,
            maxDuration, readPace, json, allowNs, name, subscription, tasks, taskVcpu, taskMemory, egress,
            shapingBucket, shapingQueue, rooms, roomsFrom, balancer, redisTopology, redisShards, seed, serverPid,
            ownPid, serverCpuacct, serverCgroup, speedTimeline, speedSlice, speedEvery, redis, env })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult => CliErrors.Guard(() =>
        {
            string? scenario = parseResult.GetValue(roomsFrom);
            Workload? traffic = scenario is null ? null
                : RoomsFrom(scenario, Explicit(parseResult, interval) ? parseResult.GetValue(interval) : null);
            var args = new LoadArguments
            {
                Urls = parseResult.GetValue(url) ?? [],
                Users = traffic is not null && !Explicit(parseResult, users)
                    ? traffic.Users
                    : parseResult.GetValue(users),
                Interval = parseResult.GetValue(interval) ?? "",
                Session = parseResult.GetValue(session) ?? "",
                Sessions = parseResult.GetValue(sessions),
                Reconnect = parseResult.GetValue(reconnect),
                Duration = parseResult.GetValue(duration),
                Ramp = parseResult.GetValue(ramp) ?? "",
                MaxDuration = parseResult.GetValue(maxDuration),
                ReadPace = parseResult.GetValue(readPace) ?? "",
                AllowNamespaceAddress = parseResult.GetValue(allowNs),
                Seed = parseResult.GetValue(seed),
                Name = parseResult.GetValue(name),
                Subscription = parseResult.GetValue(subscription) ?? "",
                Tasks = parseResult.GetValue(tasks),
                TaskVcpu = parseResult.GetValue(taskVcpu),
                TaskMemoryGb = parseResult.GetValue(taskMemory),
                RedisEgressMbps = parseResult.GetValue(egress),
                RedisShapingBucketKb = parseResult.GetValue(shapingBucket),
                RedisShapingQueueKb = parseResult.GetValue(shapingQueue),
                ServerPids = parseResult.GetValue(serverPid) ?? [],
                OwnPids = parseResult.GetValue(ownPid) ?? [],
                ServerCpuacct = parseResult.GetValue(serverCpuacct) ?? [],
                ServerCgroups = parseResult.GetValue(serverCgroup) ?? [],
                Redis = parseResult.GetValue(redis),
                Env = parseResult.GetValue(env) ?? [],
                Rooms = parseResult.GetValue(rooms),
                RoomsFrom = traffic,
                RoomsFromFile = scenario ?? "",
                LoadBalancer = parseResult.GetValue(balancer) ?? "",
                RedisTopology = parseResult.GetValue(redisTopology) ?? "",
                RedisShards = parseResult.GetValue(redisShards),
            };
            SamplerPace? pace = !parseResult.GetValue(speedTimeline) ? null
                : SamplerPace.Parse(parseResult.GetValue(speedSlice)!, parseResult.GetValue(speedEvery)!,
                    "--speed-slice", "--speed-every", out string paceError) ?? throw new UsageException(paceError);
            if (pace is null && (Explicit(parseResult, speedSlice) || Explicit(parseResult, speedEvery)))
            {
                throw new UsageException("--speed-slice and --speed-every go with --speed-timeline only");
            }
            return Run(args, parseResult.GetValue(json), pace);
        }));
        return command;
    }

    /// <summary>
    /// The workload of the scenario --rooms-from names, read by the simulator's own reader (errors at file:line:column)
    /// with what a real run can send checked too; an explicit --interval is its top-level interval, as `--set` sets it.
    /// </summary>
    private static Workload RoomsFrom(string file, string? interval)
    {
        Dictionary<string, string>? overrides = interval is null ? null : new() { ["interval"] = interval };
        return ScenarioFile.Load(file, overrides: overrides, extraRules: RealRunRules.Check).Workload;
    }

    private static bool Explicit(ParseResult parseResult, Option option) =>
        parseResult.GetResult(option) is { Implicit: false };

    /// <param name="speedTimeline">the in-run sampler's pace; null: no speed timeline</param>
    private static int Run(LoadArguments args, string? jsonPath, SamplerPace? speedTimeline)
    {
        LoadArguments.Validated? v = args.Validate(out List<string> errors);
        if (v is null)
        {
            foreach (string e in errors)
            {
                Console.Error.WriteLine("fanoutsim load: " + e);
            }
            return BadInput;
        }
        OutputPath.CheckFile("--json", jsonPath);

        // Ctrl-C ends the run early but still reports what was measured.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            // Before the run, so the measured run's CPU is not shared with it.
            SpeedIndex? speed = ProbeOrWarn();
            using IsolatedSampler? sampler = speedTimeline is { } pace ? SamplerOrWarn(pace) : null;
            ProbeTargets probes = sampler is null ? v.Probes : v.Probes with { HelperPids = [sampler.Pid] };
            LoadResult result = LoadRunner.RunAsync(v.Plan, probes, cancel.Token).GetAwaiter().GetResult();
            if (sampler is not null)
            {
                (IReadOnlyList<SpeedSample> samples, double samplerCpu, double samplerWall) =
                    sampler.Stop(result.Started);
                result = result with
                {
                    SpeedSamples = samples,
                    SpeedSamplerCpuSeconds = samplerCpu,
                    SpeedSamplerWallSeconds = samplerWall,
                    SpeedSamplerPace = speedTimeline!,
                };
            }
            // And after it (not when interrupted: Ctrl-C must stop promptly), so a disturbed probe can be told apart.
            SpeedIndex? after = cancel.IsCancellationRequested ? null : ProbeOrWarn();
            RunReport report = LoadReportBuilder.Build(v.Plan, v.Labels, result,
                MachineFacts.Collect(speed ?? after, speed is null ? null : after, result.ServerSecondsPerCpu));
            Console.Out.Write(K6Summary.Format(report));
            Console.Out.Write(RoomClassLines(report));
            if (jsonPath is not null)
            {
                AtomicFile.WriteAllText(jsonPath, RunReportJson.Serialize(report) + "\n");
                Console.Out.WriteLine($"     wrote {jsonPath}");
            }
            if (result.Sessions == 0 || result.Received == 0)
            {
                return CliErrors.Report(result.Sessions == 0
                    ? $"could not connect: all {result.ConnectFailures} connection attempt(s) failed"
                    : "nothing was delivered: no message reached any connected user", CliErrors.LimitHit);
            }
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// The per-class lines of the `run` summary, so a measured run's classes read like a simulated one's; empty for
    /// a run in one room.
    /// </summary>
    internal static string RoomClassLines(RunReport report)
    {
        if (report.RoomClasses is null)
        {
            return "";
        }
        var text = new System.Text.StringBuilder();
        RunSummary.RoomClassLines(text, report.RoomClasses);
        return text.ToString();
    }

    /// <summary>The in-run speed sampler, started and warmed up; null with a warning when it cannot run.</summary>
    private static IsolatedSampler? SamplerOrWarn(SamplerPace pace)
    {
        try
        {
            return IsolatedSampler.Start(pace);
        }
        catch (ProbeException e)
        {
            Console.Error.WriteLine($"fanoutsim load: warning: {e.Message}; the run records no speed timeline");
            return null;
        }
    }

    /// <summary>
    /// The speed probe, or null with a warning when its process fails: the run itself is still worth recording, with
    /// its machine's speed unknown (as for runs made before the index existed).
    /// </summary>
    private static SpeedIndex? ProbeOrWarn()
    {
        try
        {
            return IsolatedProbe.Measure(LoadSpeedProbe.CpuSecondsEach, LoadSpeedProbe.Repeats);
        }
        catch (ProbeException e)
        {
            Console.Error.WriteLine($"fanoutsim load: warning: {e.Message}; the run records no speed index");
            return null;
        }
    }
}
