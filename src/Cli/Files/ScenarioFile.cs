using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Reads a scenario YAML file into a validated <see cref="Scenario"/>, resolving its profile and Redis node.
/// </summary>
public static class ScenarioFile
{
    // Before Keys, which lists them: static fields are set in the order they are written.
    private static readonly string[] s_shapingKeys =
    [
        ScenarioShapingPrefix + EgressShapingKeys.Bucket, ScenarioShapingPrefix + EgressShapingKeys.Queue,
        ScenarioShapingPrefix + EgressShapingKeys.Rate, ScenarioShapingPrefix + EgressShapingKeys.Mss,
    ];

    private static readonly string[] s_pubsubKeys =
        ["redis_pubsub_hard_mb", "redis_pubsub_soft_mb", "redis_pubsub_soft_period"];

    public static readonly string[] Keys =
    [
        "name", "description", "users", "interval", "session", "sessions", "ramp", "tasks", "task_vcpu",
        "task_memory_gb", "load_balancer", "subscription", "redis_node", "redis_egress_mbps", "profile",
        "catalog", "seed", "replications", "time_limit", MachineSpeed.Key, SpeedTraceKey, "redis_credits",
        "send_jitter", "sends", .. s_shapingKeys, .. s_pubsubKeys, "rooms", "redis_topology", "redis_shards",
        ConnectionMemoryKey, ChurnKeys.Reconnect, ChurnKeys.Duration,
    ];

    /// <summary>The profile's connection_memory_kb, set for this scenario (an assumption no profile measured).
    /// </summary>
    private const string ConnectionMemoryKey = "connection_memory_kb";

    /// <summary>The machine's speed second by second, relative to machine_speed (<see cref="SpeedTrace"/>).</summary>
    public const string SpeedTraceKey = "speed_trace";

    /// <summary>What a `rooms:` value must look like, for every way it can be wrong in shape.</summary>
    public const string RoomsExpected = "expected a list of room classes, each '- count: N' with 'size: M'";

    /// <summary>A class's own send timing, each over the top-level key of the same name.</summary>
    private static readonly string[] s_classSendKeys = ["interval", "sends", "send_jitter"];

    private static readonly string[] s_roomKeys =
        ["count", "size", .. s_classSendKeys, MessageBytesKey, MembersKey, .. ChurnKeys.ClassKeys];

    private const string MessageBytesKey = "message_bytes";

    /// <summary>A class's `members`: new users (the default) or the users of the classes before it.</summary>
    private const string MembersKey = "members";

    /// <summary>
    /// The laws a class's room sizes may follow: the keys each takes besides `distribution`, `min` and `max`, the
    /// smallest room when `min` is left out (null = required), and how it is made.
    /// </summary>
    private static readonly Dictionary<string, SizeLaw> s_sizeLaws = new(StringComparer.Ordinal)
    {
        ["uniform"] = new([], null, (_, min, max) => new UniformRoomSizes(min, max)),
        ["zipf"] = new(["exponent"], 2,
            (size, min, max) => new ZipfRoomSizes(size.Number("exponent", min: 0, exclusiveMin: true), min, max)),
        ["lognormal"] = new(["median", "sigma"], 2,
            (size, min, max) => new LogNormalRoomSizes(size.Number("median", min: 1),
                size.Number("sigma", min: 0, exclusiveMin: true), min, max)),
    };

    private const string ScenarioShapingPrefix = "redis_";

    private const string DefaultRedisNode = "cache.t4g.small";

    /// <summary>Masters of a sharded Redis whose scenario does not say: the smallest Redis Cluster.</summary>
    private const int DefaultShards = 3;

    /// <param name="overrides">top-level keys to replace, e.g. from `--set users=200` or a sweep point</param>
    /// <param name="extraRules">a caller's own rules beyond the simulator's (e.g. what a real run can send), reported
    /// with file positions as the simulator's are</param>
    public static Scenario Load(string file, ulong? seedOverride = null, int? replicationsOverride = null,
        IReadOnlyDictionary<string, string>? overrides = null, Action<Scenario>? extraRules = null)
    {
        var map = YamlMap.Load(file);
        if (overrides is not null)
        {
            map.Override(overrides);
        }
        map.RejectUnknown(Keys);
        IReadOnlyList<YamlMap>? roomItems = map.MapList("rooms", RoomsExpected);
        IReadOnlyList<RoomClass>? rooms = Rooms(map, roomItems);
        DurationLaw? sessionLaw = ChurnKeys.Law(map, ChurnKeys.Session);
        DurationLaw? reconnect = ChurnKeys.DurationOrLaw(map, ChurnKeys.Reconnect, zeroAllowed: true);
        double? runSeconds = ChurnKeys.RunSeconds(map);
        double sessionSeconds = sessionLaw?.MeanSeconds ?? map.Seconds("session", 10, min: 0, exclusiveMin: true);
        var workload = new Workload(
            Users: rooms is null || map.Has("users") ? map.Int("users", min: 1) : Members(map, rooms),
            IntervalSeconds: map.Seconds("interval", min: 0, exclusiveMin: true),
            SessionSeconds: sessionSeconds,
            Sessions: runSeconds is { } run
                ? Workload.SessionsIn(run, sessionSeconds + (reconnect?.MeanSeconds ?? 0))
                : map.Int("sessions", 6, min: 1),
            RampSeconds: map.Seconds("ramp", 0, min: 0),
            SendJitterSeconds: map.Seconds("send_jitter", 0, min: 0),
            Sends: map.Choice("sends", SendProcessText.Map.Choices, SendProcess.Ticks.ToText()),
            Rooms: rooms)
        {
            SessionLaw = sessionLaw,
            Reconnect = reconnect,
            RunSeconds = runSeconds,
        };
        RedisTopology topology =
            map.Choice("redis_topology", RedisTopologyText.Map.Choices, RedisTopology.Single.ToText());
        string calibration = CalibrationDirectory(map, file);
        Catalog catalog = LoadCatalog(map, file, calibration);
        CostProfile profile = LoadProfile(map, calibration);
        var deployment = new Deployment(
            Tasks: map.Int("tasks", 1, min: 1),
            TaskVcpu: map.Number("task_vcpu", 1, min: 0, exclusiveMin: true),
            TaskMemoryGb: map.Number("task_memory_gb", 2, min: 0, exclusiveMin: true),
            LoadBalancer: map.Choice("load_balancer", LoadBalancingText.Map.Choices, LoadBalancing.RoundRobin.ToText()),
            Subscription: map.Choice("subscription", SubscriptionModeText.Map.Choices,
                SubscriptionMode.PerConnection.ToText()),
            RedisNode: RedisNode(map, catalog),
            MachineSpeedIndex: MachineSpeedIndex(map, catalog, profile),
            RedisCreditAtStart: map.Number("redis_credits", 1, min: 0),
            RedisPubsubLimit: PubsubLimit(map),
            RedisTopology: topology,
            RedisShards: map.Int("redis_shards", topology == RedisTopology.Single ? 1 : DefaultShards, min: 1),
            SpeedTrace: map.Numbers(SpeedTraceKey, exclusiveMin: 0) is { } factors ? new SpeedTrace(factors) : null);
        var scenario = new Scenario(
            Name: map.String("name", Path.GetFileNameWithoutExtension(file)),
            Workload: workload,
            Deployment: deployment,
            Profile: profile,
            Seed: seedOverride ?? map.ULong("seed", 1),
            Replications: replicationsOverride ?? map.Int("replications", 1, min: 1),
            TimeLimitSeconds: map.Seconds("time_limit", 3600 * 24, min: 0, exclusiveMin: true));
        try
        {
            ScenarioRules.Check(scenario);
            extraRules?.Invoke(scenario);
        }
        catch (ScenarioException e)
        {
            throw RuleError(map, roomItems, e);
        }
        return scenario;
    }

    public static bool DeclaresRooms(string file) => YamlMap.Load(file).Has("rooms");

    private static List<RoomClass>? Rooms(YamlMap map, IReadOnlyList<YamlMap>? items)
    {
        if (items is null)
        {
            return null;
        }
        if (items.Count == 0)
        {
            throw map.ValueError("rooms", "expected at least one room class, each '- count: N' with 'size: M' " +
                "(leave rooms out for one room of all users)");
        }
        var rooms = new List<RoomClass>(items.Count);
        foreach (YamlMap item in items)
        {
            item.RejectUnknown(s_roomKeys);
            int count = item.Int("count", min: 1);
            RoomClass roomClass = item.HasMap("size")
                ? new RoomClass(count, 0) { Distribution = Sizes(item.Map("size"), s_sizeLaws) }
                : new RoomClass(count, item.Int("size", min: 1));
            rooms.Add(roomClass with
            {
                Sending = ClassSending(item),
                MessageSize = ClassMessageSize(item),
                Membership = item.Choice(MembersKey, RoomMembershipText.Map.Choices, RoomMembership.New.ToText()),
                Session = ChurnKeys.DurationOrLaw(item, ChurnKeys.Session, zeroAllowed: false),
                Reconnect = ChurnKeys.DurationOrLaw(item, ChurnKeys.Reconnect, zeroAllowed: true),
            });
        }
        return rooms;
    }

    /// <summary>What a class says of its sends (each key left out is the top level's); null when it says nothing.
    /// </summary>
    private static SendOverride? ClassSending(YamlMap item) =>
        !s_classSendKeys.Any(item.Has) ? null
        : new SendOverride(
            item.Has("interval") ? item.Seconds("interval", min: 0, exclusiveMin: true) : null,
            item.Has("sends") ? item.Choice("sends", SendProcessText.Map.Choices) : null,
            item.Has("send_jitter") ? item.Seconds("send_jitter", min: 0) : null);

    /// <summary>A class's message size: a number of bytes, or a law (`distribution: uniform` or `lognormal`, as room
    /// sizes take) each message's size is drawn from.</summary>
    private static MessageSize? ClassMessageSize(YamlMap item) =>
        !item.Has(MessageBytesKey) ? null
        : item.HasMap(MessageBytesKey) ? new MessageSize(0, Sizes(item.Map(MessageBytesKey), s_messageSizeLaws))
        : new MessageSize(item.Int(MessageBytesKey, min: 1));

    /// <summary>
    /// A spread of sizes (of a class's rooms, or of its messages) by one of <paramref name="laws"/>: `distribution:
    /// uniform` (min, max), `zipf` (exponent, min = 2, max) or `lognormal` (median, sigma, min = 2, max).
    /// </summary>
    private static RoomSizeDistribution Sizes(YamlMap size, Dictionary<string, SizeLaw> laws)
    {
        SizeLaw law = size.Choice("distribution", laws);
        size.RejectUnknown(["distribution", "min", "max", .. law.Keys]);
        int min = size.Int("min", law.DefaultMin, min: 1);
        RoomSizeDistribution distribution = law.Make(size, min, size.Int("max", min: min));
        return distribution.Problem() is { } problem ? throw size.Error(problem) : distribution;
    }

    private sealed record SizeLaw(string[] Keys, int? DefaultMin, Func<YamlMap, int, int, RoomSizeDistribution> Make);

    /// <summary>The laws a class's message sizes may follow (drawn message by message): the room sizes' own.</summary>
    private static readonly Dictionary<string, SizeLaw> s_messageSizeLaws = new(StringComparer.Ordinal)
    {
        ["uniform"] = s_sizeLaws["uniform"],
        ["lognormal"] = s_sizeLaws["lognormal"],
    };

    /// <summary>Users left out beside rooms: every member of the classes with members of their own.</summary>
    private static int Members(YamlMap map, IReadOnlyList<RoomClass> rooms)
    {
        long members = RoomClass.UsersOf(rooms);
        return members <= int.MaxValue
            ? (int)members
            : throw map.ValueError("rooms", $"the rooms hold {members} members, more than {int.MaxValue} users");
    }

    /// <summary>
    /// A rule about a key the file left out points at the map with that key's name; the default it broke is named,
    /// since the user never wrote it.
    /// </summary>
    private static InputException RuleError(YamlMap map, IReadOnlyList<YamlMap>? roomItems, ScenarioException e)
    {
        if (e.RoomClass is { } k && roomItems is not null && k < roomItems.Count)
        {
            return ClassRuleError(map, roomItems[k], e);
        }
        if (e.Key == "redis_pubsub_hard_mb" && !map.Has(e.Key) && s_pubsubKeys.FirstOrDefault(map.Has) is { } given)
        {
            return map.ValueError(given, e.Message);
        }
        if (e.Key == "redis_node" && !map.Has("redis_node"))
        {
            string? shaping = s_shapingKeys.FirstOrDefault(map.Has);
            return shaping is not null ? map.ValueError(shaping, e.Message)
                : map.Has("redis_egress_mbps") ? map.ValueError("redis_egress_mbps", e.Message)
                : map.ValueError(e.Key, e.Message + $" (redis_node defaults to {DefaultRedisNode})");
        }
        return map.ValueError(e.Key, e.Message);
    }

    /// <summary>
    /// A rule a class breaks points at the class's own key when it gave one (else at another send key it gave, whose
    /// value made the inherited one wrong), then at the top-level key it inherited, then at the class.
    /// </summary>
    private static InputException ClassRuleError(YamlMap map, YamlMap item, ScenarioException e)
    {
        if (item.Has(e.Key))
        {
            return item.ValueError(e.Key, e.Message);
        }
        if (s_classSendKeys.Contains(e.Key) && s_classSendKeys.FirstOrDefault(item.Has) is { } given)
        {
            return item.ValueError(given, e.Message + $" (the class inherits the top-level {e.Key})");
        }
        return map.Has(e.Key) ? map.ValueError(e.Key, e.Message) : item.Error(e.Message);
    }

    private static string CalibrationDirectory(YamlMap map, string file) =>
        ProjectPaths.CalibrationDirectory(file)
        ?? throw map.Error("cannot find a calibration/ folder with catalog.yaml above the scenario or the working " +
            "directory");

    private static Catalog LoadCatalog(YamlMap map, string file, string calibration)
    {
        if (!map.Has("catalog"))
        {
            return Catalog.Load(Path.Combine(calibration, "catalog.yaml"));
        }
        string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", map.String("catalog"));
        if (!File.Exists(path))
        {
            throw map.ValueError("catalog", $"no catalog file at '{path}'");
        }
        return Catalog.Load(path);
    }

    /// <summary>Redis' `client-output-buffer-limit pubsub`, key by key over its defaults; null when none is set.
    /// </summary>
    private static OutputBufferLimit? PubsubLimit(YamlMap map)
    {
        if (!map.Has("redis_pubsub_hard_mb") && !map.Has("redis_pubsub_soft_mb") &&
            !map.Has("redis_pubsub_soft_period"))
        {
            return null;
        }
        OutputBufferLimit d = OutputBufferLimit.RedisDefault;
        const double Mb = 1024 * 1024;
        return new OutputBufferLimit(map.Number("redis_pubsub_hard_mb", d.HardBytes / Mb, min: 0) * Mb,
            map.Number("redis_pubsub_soft_mb", d.SoftBytes / Mb, min: 0) * Mb,
            map.Seconds("redis_pubsub_soft_period", d.SoftSeconds, min: 0));
    }

    private static RedisNodeType RedisNode(YamlMap map, Catalog catalog)
    {
        RedisNodeType node = CatalogOrShapedNode(map, catalog);
        EgressShaping? shaping = EgressShapingKeys.Read(map, ScenarioShapingPrefix, node.Shaping);
        return shaping == node.Shaping ? node : node with { Shaping = shaping };
    }

    private static RedisNodeType CatalogOrShapedNode(YamlMap map, Catalog catalog)
    {
        if (map.Has("redis_egress_mbps"))
        {
            // Both given (say by `--set redis_node=...` on a file with a link): one of them would be silently ignored.
            return map.Has("redis_node")
                ? throw map.ValueError("redis_egress_mbps",
                    "give either redis_node (a catalog node) or redis_egress_mbps (a plain link), not both")
                : RedisNodeType.Shaped(map.Number("redis_egress_mbps", min: 0, exclusiveMin: true));
        }
        string name = map.String("redis_node", DefaultRedisNode);
        if (!catalog.RedisNodes.TryGetValue(name, out RedisNodeType? node))
        {
            throw map.ValueError("redis_node",
                $"no node type '{name}' in {catalog.File}; known: {string.Join(", ", catalog.RedisNodes.Keys)}");
        }
        return node;
    }

    private static double? MachineSpeedIndex(YamlMap map, Catalog catalog, CostProfile profile)
    {
        if (!map.Has(MachineSpeed.Key))
        {
            return null;
        }
        double index = MachineSpeed.Resolve(map.String(MachineSpeed.Key), catalog, out string error)
            ?? throw map.ValueError(MachineSpeed.Key, error);
        if (profile.SpeedIndex <= 0)
        {
            throw map.ValueError(MachineSpeed.Key, $"profile '{profile.Name}' records no speed_index (the speed of the "
                + "machine its costs were measured on), so its costs cannot be moved to another machine; refit it "
                + "from runs that carry their speed index, or leave machine_speed out");
        }
        return index;
    }

    private static CostProfile LoadProfile(YamlMap map, string calibration)
    {
        string name = map.String("profile", "aws-fargate-python");
        string path = name.EndsWith(".yaml", StringComparison.Ordinal)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(map.File)) ?? ".", name)
            : ProjectPaths.ProfileFile(calibration, name);
        if (!File.Exists(path))
        {
            string dir = ProjectPaths.ProfilesDirectory(calibration);
            string known = Directory.Exists(dir)
                ? string.Join(", ", Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order())
                : "none";
            throw map.ValueError("profile", $"no profile '{name}' (looked for {path}); known profiles: {known}");
        }
        CostProfile profile = ProfileFile.Load(path);
        if (!map.Has(ConnectionMemoryKey))
        {
            return profile;
        }
        ProfileField field = ProfileFields.Find(ConnectionMemoryKey)!;
        return field.With(profile, ProfileFile.Value(map, field));
    }
}
