using System.Globalization;
using System.Net;
using FanoutSim.Model.Results;
using FanoutSim.Model.Rooms;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// The `fanoutsim load` inputs as typed on the command line. <see cref="Validate"/> turns them into a plan
/// or into messages that name the option and what it expects, so the CLI stays a thin shell.
/// </summary>
public sealed class LoadArguments
{
    public IReadOnlyList<string> Urls { get; init; } = [];
    public int Users { get; init; } = 10;
    public string Interval { get; init; } = "1s";
    /// <summary>A duration, or a law each session draws its length from (<see cref="DurationLawText"/>).</summary>
    public string Session { get; init; } = "10s";
    public int Sessions { get; init; } = 6;

    /// <summary>The gap before a user's next dial, a duration or a law; null = back to back.</summary>
    public string? Reconnect { get; init; }

    /// <summary>Users reconnect until this long after the start (instead of a count of sessions); null = none.
    /// </summary>
    public string? Duration { get; init; }
    public string Ramp { get; init; } = "0s";
    public string? MaxDuration { get; init; }
    public string ReadPace { get; init; } = "20ms";
    public bool AllowNamespaceAddress { get; init; }
    public ulong Seed { get; init; } = 1;
    public string? Name { get; init; }
    public string Subscription { get; init; } = SubscriptionMode.PerConnection.ToText();
    public int? Tasks { get; init; }
    public double? TaskVcpu { get; init; }
    public double? TaskMemoryGb { get; init; }
    public double? RedisEgressMbps { get; init; }
    public double? RedisShapingBucketKb { get; init; }
    public double? RedisShapingQueueKb { get; init; }
    public IReadOnlyList<int> ServerPids { get; init; } = [];
    public IReadOnlyList<int> OwnPids { get; init; } = [];
    public IReadOnlyList<string> ServerCpuacct { get; init; } = [];
    public IReadOnlyList<string> ServerCgroups { get; init; } = [];
    public string? Redis { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? Rooms { get; init; }

    /// <summary>
    /// The workload of the scenario `--rooms-from` names, read and checked by the simulator's reader (and
    /// <see cref="RealRunRules"/>): its rooms with each class's traffic, and its top-level interval, sends and
    /// send_jitter, which classes that say nothing inherit (<see cref="Interval"/> is then unused: an explicit
    /// --interval is applied to the scenario as `--set interval=` would be).
    /// </summary>
    public Workload? RoomsFrom { get; init; }

    /// <summary>The file <see cref="RoomsFrom"/> was read from, for messages.</summary>
    public string RoomsFromFile { get; init; } = "the scenario";
    public string LoadBalancer { get; init; } = LoadBalancing.RoundRobin.ToText();
    public string RedisTopology { get; init; } = Model.Scenarios.RedisTopology.Single.ToText();
    public int? RedisShards { get; init; }

    public sealed record Validated(LoadPlan Plan, RunLabels Labels, ProbeTargets Probes);

    /// <summary>Returns the plan, or null with every problem found listed in <paramref name="errors"/>.</summary>
    public Validated? Validate(out List<string> errors)
    {
        errors = [];
        var urls = new List<Uri>();
        if (Urls.Count == 0)
        {
            errors.Add("--url: at least one is required, e.g. --url ws://127.0.0.1:5001/ws/room1 "
                + "(repeat it for more server processes)");
        }
        foreach (string u in Urls)
        {
            string? why = TargetPolicy.Check(u, AllowNamespaceAddress, out Uri? uri);
            if (why is not null)
            {
                errors.Add("--url: " + why);
            }
            else
            {
                urls.Add(uri!);
            }
        }
        if (Users < 1)
        {
            errors.Add($"--users: got {Users}; expected a whole number of virtual users >= 1");
        }
        if (Sessions < 1)
        {
            errors.Add($"--sessions: got {Sessions}; expected a whole number of sessions per user >= 1");
        }
        TimeSpan interval = RoomsFrom is null ? Positive("--interval", Interval, errors) : TimeSpan.Zero;
        (TimeSpan session, DurationLaw? sessionLaw, DurationLaw? reconnect, TimeSpan? duration, int sessions) =
            Churn(errors);
        TimeSpan ramp = TimeSpan.Zero;
        if (!DurationText.TryParseTimeSpan(Ramp, out ramp) || ramp < TimeSpan.Zero)
        {
            errors.Add($"--ramp: got '{Ramp}'; expected a duration >= 0 such as 0, 1s or 500ms");
        }
        TimeSpan maxDuration = TimeSpan.Zero;
        if (MaxDuration is not null)
        {
            maxDuration = Positive("--max-duration", MaxDuration, errors);
        }
        TimeSpan readPace = TimeSpan.Zero;
        if (!DurationText.TryParseTimeSpan(ReadPace, out readPace)
            || readPace < TimeSpan.Zero
            || readPace > TimeSpan.FromSeconds(1))
        {
            errors.Add($"--read-pace: got '{ReadPace}'; expected a duration from 0 (eager reads) to 1s, such as 20ms");
        }
        if (!SubscriptionModeText.Map.TryParse(Subscription, out SubscriptionMode mode))
        {
            errors.Add($"--subscription: got '{Subscription}'; expected one of {SubscriptionModeText.Map.Known}");
        }
        if (Tasks is < 1)
        {
            errors.Add($"--tasks: got {Tasks}; expected the number of server processes (>= 1)");
        }
        if (TaskVcpu is { } v && !(v > 0))
        {
            errors.Add($"--task-vcpu: got {v}; expected the CPU quota of each server process in cores (> 0)");
        }
        if (TaskMemoryGb is { } gb && !(gb > 0))
        {
            errors.Add($"--task-memory-gb: got {gb}; expected the memory of each server process in GB (> 0)");
        }
        if (RedisEgressMbps is { } b && !(b > 0))
        {
            errors.Add($"--redis-egress-mbps: got {b}; expected the Redis egress limit in Mbit/s (> 0), "
                + "or leave it out for none");
        }
        if ((RedisShapingBucketKb is null) != (RedisShapingQueueKb is null))
        {
            errors.Add("--redis-shaping-bucket-kb and --redis-shaping-queue-kb: give both (a limit whose queue drops) "
                + "or neither");
        }
        else if (RedisShapingBucketKb is { } bucketKb && RedisShapingQueueKb is { } queueKb)
        {
            if (RedisEgressMbps is null)
            {
                errors.Add("--redis-shaping-queue-kb: a shaping queue needs the limit it queues for, "
                    + "--redis-egress-mbps");
            }
            if (!(bucketKb >= 0) || !(queueKb > 0))
            {
                errors.Add($"--redis-shaping-bucket-kb / --redis-shaping-queue-kb: got {bucketKb} / {queueKb}; "
                    + "expected a burst of 0 kB or more and a queue of more than 0 kB");
            }
        }
        EndPoint? redis = null;
        if (Redis is not null)
        {
            redis = RedisInfoProbe.ParseEndpoint(Redis);
            if (redis is null)
            {
                errors.Add($"--redis: got '{Redis}'; expected HOST:PORT such as 127.0.0.1:6379, or unix:PATH for "
                    + "Redis' Unix socket");
            }
            else if (redis is IPEndPoint ip && !AllowNamespaceAddress && !IPAddress.IsLoopback(ip.Address))
            {
                errors.Add($"--redis: '{Redis}' is not a loopback address; "
                    + "pass --allow-namespace-address for one inside your own namespace");
            }
        }
        if (ServerPids.Any(p => p <= 0))
        {
            errors.Add("--server-pid: expected process ids > 0");
        }
        if (OwnPids.Any(p => p <= 0))
        {
            errors.Add("--own-pid: expected process ids > 0");
        }
        foreach (string dir in ServerCpuacct)
        {
            if (CpuPlacement.Read(dir) is null)
            {
                errors.Add($"--server-cpuacct: '{dir}' has no readable {CpuPlacement.UsageFile}; expected the folder "
                    + "of a cgroup v1 cpuacct group holding the servers (inside `ip netns exec` /sys/fs/cgroup is not "
                    + "mounted: bind-mount the group elsewhere)");
            }
        }
        CheckServerCgroups(errors);
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string kv in Env)
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0)
            {
                errors.Add($"--env: got '{kv}'; expected KEY=VALUE");
            }
            else
            {
                extra[kv[..eq]] = kv[(eq + 1)..];
            }
        }
        IReadOnlyList<RunRoomClass>? rooms = CheckRooms(urls, errors);
        LoadBalancing balancer = CheckBalancer(urls, errors);
        RedisTopology topology = CheckRedisTopology(errors);
        if (rooms is not null && topology != Model.Scenarios.RedisTopology.Single && urls.Count > 0
            && RoomUrl.Prefix(urls[0]) != RoomNames.DefaultPrefix)
        {
            // The model puts room i on the shard "room-i_broadcast" hashes to; another name lands elsewhere.
            errors.Add($"--url: a sharded Redis with --rooms needs the rooms named as the model names them: end "
                + $"every --url in /{RoomNames.DefaultPrefix} (got /{RoomUrl.Prefix(urls[0])})");
        }
        if (errors.Count > 0)
        {
            return null;
        }

        if (MaxDuration is null)
        {
            maxDuration = duration is { } run
                ? LoadPlan.DefaultMaxDuration(run, ramp)
                : LoadPlan.DefaultMaxDuration(sessions, session, ramp);
        }
        if (RoomsFrom is { } w)
        {
            interval = TimeSpan.FromSeconds(w.IntervalSeconds);
        }
        var plan = new LoadPlan(urls, Users, interval, session, sessions, ramp, maxDuration, Seed)
        {
            SessionLaw = sessionLaw,
            Reconnect = reconnect,
            Duration = duration,
            ReadPace = readPace,
            Rooms = rooms,
            Balancer = balancer,
            Sends = RoomsFrom?.Sends ?? SendProcess.Ticks,
            SendJitter = TimeSpan.FromSeconds(RoomsFrom?.SendJitterSeconds ?? 0),
        };
        string name = Name ?? string.Create(
            CultureInfo.InvariantCulture, $"load-n{Users}-i{interval.TotalSeconds}-t{Tasks ?? urls.Count}");
        var labels = new RunLabels(
            name, mode, Tasks ?? urls.Count, TaskVcpu ?? Environment.ProcessorCount, RedisEgressMbps, extra)
        {
            TaskMemoryGb = TaskMemoryGb ?? Model.Results.RunSetup.DefaultTaskMemoryGb,
            RedisShapingBucketKb = RedisShapingBucketKb,
            RedisShapingQueueKb = RedisShapingQueueKb,
            RedisTopology = topology,
            RedisShards = topology == Model.Scenarios.RedisTopology.Single ? null : RedisShards,
        };
        return new Validated(plan, labels, new ProbeTargets(ServerPids, redis)
        {
            OwnPids = OwnPids,
            ServerCpuacct = ServerCpuacct,
            ServerCgroups = ServerCgroups,
        });
    }

    /// <summary>One readable cgroup v1 cpu group per --server-pid, or none.</summary>
    private void CheckServerCgroups(List<string> errors)
    {
        if (ServerCgroups.Count > 0 && ServerCgroups.Count != ServerPids.Count)
        {
            errors.Add($"--server-cgroup: got {ServerCgroups.Count}, and {ServerPids.Count} --server-pid; expected one "
                + "cgroup folder per --server-pid, in the same order");
        }
        foreach (string dir in ServerCgroups)
        {
            if (CgroupCpuStat.Read(dir) is null)
            {
                errors.Add($"--server-cgroup: '{dir}' has no readable {CgroupCpuStat.StatFile} with nr_periods, "
                    + "nr_throttled and throttled_time; expected the folder of a cgroup v1 cpu group (inside "
                    + "`ip netns exec` /sys/fs/cgroup is not mounted: bind-mount the group elsewhere)");
            }
        }
    }

    /// <summary>
    /// The sessions' lengths, the gaps between them and the run length, from the options or from the scenario's keys
    /// (one place, not both): the mean session, its law (null when fixed), the gap (null for none), the run length
    /// (null for a count of sessions) and the sessions a user makes (with a run length, on average, as a scenario
    /// counts them).
    /// </summary>
    private (TimeSpan Session, DurationLaw? Law, DurationLaw? Reconnect, TimeSpan? Duration, int Sessions) Churn(
        List<string> errors)
    {
        DurationLaw? law = DurationLawText.Parse(Session, out string? why);
        if (law is null || !(law.MeanSeconds > 0))
        {
            errors.Add($"--session: {why ?? $"got '{Session}'; expected a length > 0 on average"}");
        }
        DurationLaw? reconnect = null;
        if (Reconnect is not null && (reconnect = DurationLawText.Parse(Reconnect, out why)) is null)
        {
            errors.Add($"--reconnect: {why}");
        }
        TimeSpan? duration = Duration is null ? null : Positive("--duration", Duration, errors);
        bool options = law is not null and not FixedDuration || Reconnect is not null || Duration is not null;
        if (RoomsFrom is { } w && (w.SessionLaw is not null || w.Reconnect is not null || w.RunSeconds is not null))
        {
            if (options)
            {
                errors.Add($"--session, --reconnect, --duration: {RoomsFromFile} sets its own session law, reconnect "
                    + "or duration; give the churn in one place");
            }
            return (TimeSpan.FromSeconds(w.SessionSeconds), w.SessionLaw, w.Reconnect,
                w.RunSeconds is { } s ? TimeSpan.FromSeconds(s) : null, w.RunSeconds is null ? Sessions : w.Sessions);
        }
        var mean = TimeSpan.FromSeconds(law?.MeanSeconds ?? 0);
        int sessions = duration is { } run && mean > TimeSpan.Zero
            ? Workload.SessionsIn(run.TotalSeconds, mean.TotalSeconds + (reconnect?.MeanSeconds ?? 0))
            : Sessions;
        return (mean, law is FixedDuration ? null : law, reconnect, duration, sessions);
    }

    /// <summary>The --rooms classes: their members must be the users, and the urls must name one room prefix.
    /// </summary>
    private IReadOnlyList<RunRoomClass>? CheckRooms(List<Uri> urls, List<string> errors)
    {
        if (Rooms is not null && RoomsFrom is not null)
        {
            errors.Add($"--rooms and --rooms-from: give one ({Rooms}, or the rooms of {RoomsFromFile})");
            return null;
        }
        (string option, string spec) = RoomsFrom is null ? ("--rooms", Rooms ?? "") : ("--rooms-from", RoomsFromFile);
        IReadOnlyList<RunRoomClass>? rooms;
        if (RoomsFrom is not null)
        {
            rooms = RoomsFromScenario(RoomsFrom, errors);
        }
        else if (Rooms is null)
        {
            return null;
        }
        else
        {
            rooms = RoomSpec.Parse(Rooms, out string? why);
            if (rooms is null)
            {
                errors.Add("--rooms: " + why);
                return null;
            }
        }
        if (rooms is null)
        {
            return null;
        }
        long members = RoomSpec.Members(rooms);
        if (members != Users)
        {
            errors.Add($"{option}: {spec} holds {members} members but --users is {Users}; "
                + "the rooms' members must add up to the users");
        }
        if (members * Sessions > int.MaxValue)
        {
            errors.Add($"{option}: {members} members x {Sessions} sessions is more than 2^31 connections");
        }
        // Room i must be one room on every server: they share Redis, where its channel is named after the room.
        string[] prefixes = urls.Select(RoomUrl.Prefix).Distinct(StringComparer.Ordinal).ToArray();
        if (prefixes.Length > 1)
        {
            errors.Add($"--rooms: the urls end in different rooms ({string.Join(", ", prefixes)}); give every --url "
                + "the same last segment, the prefix the rooms are named after (prefix-0, prefix-1, ...)");
        }
        return rooms;
    }

    /// <summary>The scenario's rooms as the run records them, each class with its own traffic; null (with the reason
    /// in <paramref name="errors"/>) when the load generator cannot send them.</summary>
    private IReadOnlyList<RunRoomClass>? RoomsFromScenario(Workload w, List<string> errors)
    {
        try
        {
            RealRunRules.Check(w);
        }
        catch (ScenarioException e)
        {
            errors.Add($"--rooms-from: {RoomsFromFile}: {e.Message}");
            return null;
        }
        return RunRoomClasses.Of(w.Rooms!);
    }

    private LoadBalancing CheckBalancer(List<Uri> urls, List<string> errors)
    {
        if (!LoadBalancingText.Map.TryParse(LoadBalancer, out LoadBalancing balancer))
        {
            errors.Add($"--load-balancer: got '{LoadBalancer}'; expected one of {LoadBalancingText.Map.Known}");
        }
        else if (balancer == LoadBalancing.LeastConnections)
        {
            errors.Add($"--load-balancer: {LoadBalancer} is not implemented by the load generator; "
                + $"use {LoadBalancing.RoundRobin.ToText()} or {LoadBalancing.RoomAffine.ToText()}");
        }
        else if (balancer == LoadBalancing.RoomAffine && Tasks is { } tasks && urls.Count > 0 && tasks != urls.Count)
        {
            // The model deals rooms over its tasks; the real deal is over the urls: they must be the same number.
            errors.Add($"--load-balancer: {LoadBalancer} deals the rooms over the {urls.Count} url(s), but --tasks "
                + $"says {tasks}; give one --url per server process");
        }
        return balancer;
    }

    private RedisTopology CheckRedisTopology(List<string> errors)
    {
        if (!RedisTopologyText.Map.TryParse(RedisTopology, out RedisTopology topology))
        {
            errors.Add($"--redis-topology: got '{RedisTopology}'; expected one of {RedisTopologyText.Map.Known}");
            return topology;
        }
        if (RedisShards is < 1)
        {
            errors.Add($"--redis-shards: got {RedisShards}; expected the number of Redis shards (masters), >= 1");
        }
        else if (topology == Model.Scenarios.RedisTopology.Single && RedisShards is > 1)
        {
            IEnumerable<string> sharded = RedisTopologyText.Map.Names.Where(n => n != RedisTopology);
            errors.Add($"--redis-shards: got {RedisShards} with --redis-topology {RedisTopology}, which is one node; "
                + $"name the sharding ({string.Join(", ", sharded)})");
        }
        else if (topology != Model.Scenarios.RedisTopology.Single && RedisShards is null)
        {
            errors.Add($"--redis-topology: {RedisTopology} needs --redis-shards, the number of shards (masters)");
        }
        return topology;
    }

    private static TimeSpan Positive(string option, string text, List<string> errors)
    {
        if (!DurationText.TryParseTimeSpan(text, out TimeSpan value) || value <= TimeSpan.Zero)
        {
            errors.Add($"{option}: got '{text}'; expected a duration > 0 in seconds or with a unit, "
                + "such as 1, 1s or 500ms");
            return TimeSpan.Zero;
        }
        return value;
    }
}
