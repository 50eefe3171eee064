using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Runs;

public class RunSetupsTests
{
    private static readonly Dictionary<string, RedisNodeType> s_nodes =
        new() { [TestScenarios.SmallNode.Name] = TestScenarios.SmallNode };

    public static TheoryData<string> Scenarios() =>
        ["catalog", "shaped", "per-task", "least-connections", "unshaped", "dropping", "baseline-shaper", "jitter",
            "poisson", "churn", "fixed-gaps"];

    private static Scenario Make(string kind)
    {
        Scenario room = TestScenarios.Room(40, interval: 0.5, sessions: 3, tasks: 2, ramp: 1.5, vcpu: 0.25);
        room = room with { Deployment = room.Deployment with { TaskMemoryGb = 0.5 } };
        return kind switch
        {
            "shaped" => room with { Deployment = room.Deployment with { RedisNode = RedisNodeType.Shaped(20) } },
            "per-task" => room with { Deployment = room.Deployment with { Subscription = SubscriptionMode.PerTask } },
            "least-connections" =>
                room with { Deployment = room.Deployment with { LoadBalancer = LoadBalancing.LeastConnections } },
            "unshaped" =>
                room with { Deployment = room.Deployment with { RedisNode = RedisNodeType.Unshaped(s_nodes) } },
            "dropping" => room with
            {
                Deployment = room.Deployment with
                {
                    RedisNode = RedisNodeType.Shaped(20) with { Shaping = new EgressShaping(128_000, 32_000) },
                },
            },
            "baseline-shaper" => room with
            {
                Deployment = room.Deployment with
                {
                    RedisNode = TestScenarios.SmallNode with { Shaping = new EgressShaping(16_000, 256_000, 0.128) },
                    RedisCreditAtStart = 0.25,
                },
            },
            "jitter" => room with { Workload = room.Workload with { SendJitterSeconds = 0.3 } },
            "poisson" => room with { Workload = room.Workload with { Sends = SendProcess.Poisson } },
            "churn" => room with
            {
                Workload = room.Workload with
                {
                    SessionLaw = new ExponentialDuration(60),
                    Reconnect = LogNormalDuration.OfMean(20, 30),
                    RunSeconds = 600,
                },
            },
            "fixed-gaps" => room with { Workload = room.Workload with { Reconnect = new FixedDuration(0.3) } },
            _ => room,
        };
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_scenarios_setup_rebuilds_an_equal_workload_and_deployment(string kind)
    {
        Scenario scenario = Make(kind);
        RunSetup setup = RunSetups.Of(scenario);
        var rebuilt = RunSetups.ToScenario(setup, scenario.Profile, s_nodes, scenario.Seed, 1, 3600);
        Assert.Equal(scenario.Workload, rebuilt.Workload);
        Assert.Equal(scenario.Deployment, rebuilt.Deployment);
        Assert.Equal(scenario.Name, rebuilt.Name);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_setup_survives_the_run_json(string kind)
    {
        RunSetup setup = RunSetups.Of(Make(kind));
        RunReport report = new(RunReport.CurrentSchema, RunReport.SimulatedSource, setup,
            new RunMetrics(1, 1, 1, 1, 1, 1, 1, new DurationSummary(1, 1, 1, 1, 1, 1), 1, 0, 0), [], ResourceId.None,
            [], null,
            new Dictionary<string, string>());
        Assert.Equal(setup, RunReportJson.Deserialize(RunReportJson.Serialize(report)).Setup);
    }

    [Fact]
    public void A_setup_records_every_room_in_order_and_rebuilds_the_same_rooms()
    {
        Scenario room = TestScenarios.Room(40);
        RoomClass[] classes =
        [
            new(2, 5),
            new(3, 0) { Distribution = new UniformRoomSizes(2, 6) },
            new(1, 14),
        ];
        Scenario scenario = room with { Workload = room.Workload with { Users = 40, Rooms = classes } };
        RunSetup setup = RunSetups.Of(scenario);
        Assert.Equal(
            [new RunRoomClass(2, 5), new RunRoomClass(1, 2), new RunRoomClass(1, 4), new RunRoomClass(1, 6),
                new RunRoomClass(1, 14)],
            setup.Rooms!);
        RunSetup read = RunReportJson.Deserialize(RunReportJson.Serialize(Report(setup))).Setup;
        Assert.Equal(setup.Rooms!, read.Rooms!);
        Workload rebuilt = RunSetups.Workload(read);
        Assert.Equal(classes.SelectMany(c => c.RoomSizes()), rebuilt.RoomClasses.SelectMany(c => c.RoomSizes()));
    }

    [Fact]
    public void A_setup_records_each_classs_own_traffic_and_rebuilds_it()
    {
        Scenario room = TestScenarios.Room(40);
        RoomClass[] classes =
        [
            new(2, 5) { Sending = new SendOverride(Sends: SendProcess.Poisson), MessageSize = new MessageSize(500) },
            new(2, 0)
            {
                Distribution = new UniformRoomSizes(4, 6),
                Sending = new SendOverride(2.5, JitterSeconds: 0.5),
                MessageSize = new MessageSize(0, new LogNormalRoomSizes(300, 0.7, 250, 3000)),
            },
            new(1, 20) { MessageSize = new MessageSize(0, new UniformRoomSizes(200, 800)) },
        ];
        Scenario scenario = room with { Workload = room.Workload with { Users = 40, Rooms = classes } };
        RunSetup setup = RunSetups.Of(scenario);
        Assert.Equal(
            [
                new RunRoomClass(2, 5) { Sends = SendProcess.Poisson, MessageBytes = RunMessageSize.Fixed(500) },
                .. new[] { 4, 6 }.Select(size => new RunRoomClass(1, size)
                {
                    IntervalSeconds = 2.5, SendJitterSeconds = 0.5,
                    MessageBytes = new RunMessageSize(Distribution: "lognormal", Min: 250, Max: 3000, Median: 300,
                        Sigma: 0.7),
                }),
                new RunRoomClass(1, 20)
                {
                    MessageBytes = new RunMessageSize(Distribution: "uniform", Min: 200, Max: 800),
                },
            ],
            setup.Rooms!);
        RunSetup read = RunReportJson.Deserialize(RunReportJson.Serialize(Report(setup))).Setup;
        Assert.Equal(setup.Rooms!, read.Rooms!);
        Workload rebuilt = RunSetups.Workload(read);
        Workload w = scenario.Workload;
        Assert.Equal(classes.SelectMany(c => c.RoomSizes().Select(_ => w.TimingOf(c))),
            rebuilt.RoomClasses.SelectMany(c => c.RoomSizes().Select(_ => rebuilt.TimingOf(c))));
        Assert.Equal(classes.SelectMany(c => c.RoomSizes().Select(_ => c.MessageSize)),
            rebuilt.RoomClasses.SelectMany(c => c.RoomSizes().Select(_ => c.MessageSize)));
    }

    [Fact]
    public void A_classs_traffic_is_written_with_the_scenarios_keys_and_left_out_when_it_has_none()
    {
        RunRoomClass[] rooms =
        [
            new(3, 10),
            new(1, 100)
            {
                IntervalSeconds = 2, Sends = SendProcess.Ticks, SendJitterSeconds = 0.5,
                MessageBytes = new RunMessageSize(Distribution: "uniform", Min: 400, Max: 1600),
            },
            new(1, 5) { MessageBytes = RunMessageSize.Fixed(700) },
        ];
        string json = System.Text.Json.JsonSerializer.Serialize(rooms, RunReportJson.Options);
        Assert.Equal(
            ("[{'count':3,'size':10},{'count':1,'size':100,'interval_seconds':2,'sends':'ticks',"
                + "'send_jitter_seconds':0.5,'message_bytes':{'distribution':'uniform','min':400,'max':1600}},"
                + "{'count':1,'size':5,'message_bytes':700}]").Replace('\'', '"'),
            string.Concat(json.Where(c => !char.IsWhiteSpace(c))));
    }

    [Theory]
    [InlineData("{\"distribution\":\"zipf\",\"min\":2,\"max\":9}",
        "distribution 'zipf'; expected uniform or lognormal")]
    [InlineData("{\"distribution\":\"lognormal\",\"min\":200,\"max\":900}", "the law has no median")]
    [InlineData("{\"distribution\":\"uniform\",\"min\":900,\"max\":200}", "max must be at least min")]
    public void A_recorded_law_a_scenario_would_refuse_cannot_be_rebuilt(string law, string message)
    {
        RunRoomClass c = System.Text.Json.JsonSerializer.Deserialize<RunRoomClass>(
            "{\"count\":1,\"size\":2,\"message_bytes\":" + law + "}", RunReportJson.Options)!;
        ScenarioException e = Assert.Throws<ScenarioException>(() => RunSetups.RoomClasses([c]));
        Assert.Equal("message_bytes", e.Key);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("\"big\"", "message_bytes is string")]
    [InlineData("0", "message_bytes is not a whole number of bytes >= 1")]
    [InlineData("{\"min\":1}", "message_bytes has no distribution")]
    [InlineData("{\"distribution\":\"uniform\",\"min\":1.5,\"max\":3}", "message_bytes min is 1.5")]
    public void A_message_size_that_is_neither_bytes_nor_a_law_is_not_read(string value, string message)
    {
        System.Text.Json.JsonException e = Assert.Throws<System.Text.Json.JsonException>(() =>
            System.Text.Json.JsonSerializer.Deserialize<RunRoomClass>(
                "{\"count\":1,\"size\":2,\"message_bytes\":" + value + "}", RunReportJson.Options));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_setup_records_churn_with_the_scenarios_keys_and_rebuilds_each_classs_own()
    {
        Scenario room = TestScenarios.Room(40);
        Workload w = room.Workload with
        {
            Rooms =
            [
                new RoomClass(2, 10) { Session = new UniformDuration(5, 15) },
                new RoomClass(1, 20) { Reconnect = new FixedDuration(2) },
            ],
            SessionLaw = new LogNormalDuration(30, 1.2),
            RunSeconds = 120,
        };
        RunSetup setup = RunSetups.Of(room with { Workload = w });
        string json = System.Text.Json.JsonSerializer.Serialize(setup, RunReportJson.Options);
        string compact = string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("\"session_law\":{\"distribution\":\"lognormal\",\"median\":30,\"sigma\":1.2}", compact);
        Assert.Contains("\"duration_seconds\":120", compact);
        Assert.Contains("\"session\":{\"distribution\":\"uniform\",\"min\":5,\"max\":15}", compact);
        Assert.Contains("\"reconnect\":2", compact);
        Assert.DoesNotContain("\"reconnect\":{", compact);

        Workload rebuilt = RunSetups.Workload(
            System.Text.Json.JsonSerializer.Deserialize<RunSetup>(json, RunReportJson.Options)!);
        Assert.Equal(w.RoomClasses, rebuilt.RoomClasses);
        Assert.Equal((w.SessionLaw, w.Reconnect, w.RunSeconds, w.ChurnText),
            (rebuilt.SessionLaw, rebuilt.Reconnect, rebuilt.RunSeconds, rebuilt.ChurnText));
    }

    [Fact]
    public void A_setup_without_churn_records_none_and_rebuilds_fixed_sessions_back_to_back()
    {
        RunSetup setup = RunSetups.Of(TestScenarios.Room(40));
        Assert.Equal((null, null, null, null),
            (setup.Churn, setup.SessionLaw, setup.Reconnect, (double?)setup.DurationSeconds));
        Assert.False(RunSetups.Workload(setup).HasChurn);
    }

    [Theory]
    [InlineData("{\"distribution\":\"weibull\",\"mean\":2}", "distribution 'weibull'")]
    [InlineData("{\"distribution\":\"exponential\"}", "the law has no mean")]
    [InlineData("{\"distribution\":\"uniform\",\"min\":9,\"max\":2}", "max must be at least min")]
    public void A_recorded_session_law_a_scenario_would_refuse_cannot_be_rebuilt(string law, string message)
    {
        RunSetup setup = RunSetups.Of(TestScenarios.Room(40)) with
        {
            SessionLaw = System.Text.Json.JsonSerializer.Deserialize<RunDuration>(law, RunReportJson.Options),
        };
        ScenarioException e = Assert.Throws<ScenarioException>(() => RunSetups.Workload(setup));
        Assert.Equal("session", e.Key);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_one_room_setup_records_no_rooms() => Assert.Null(RunSetups.Of(TestScenarios.Room(40)).Rooms);

    private static RunReport Report(RunSetup setup) =>
        new(RunReport.CurrentSchema, RunReport.SimulatedSource, setup,
            new RunMetrics(1, 1, 1, 1, 1, 1, 1, new DurationSummary(1, 1, 1, 1, 1, 1), 1, 0, 0), [], ResourceId.None,
            [], null, new Dictionary<string, string>());

    [Fact]
    public void Enums_are_written_as_the_kebab_case_words_of_scenario_files()
    {
        RunSetup setup = RunSetups.Of(Make("least-connections")) with { Subscription = SubscriptionMode.PerTask };
        string json = System.Text.Json.JsonSerializer.Serialize(setup, RunReportJson.Options);
        Assert.Contains("\"subscription\": \"per-task\"", json);
        Assert.Contains("\"load_balancer\": \"least-connections\"", json);
        Assert.Contains("\"redis_link\": \"catalog-node\"", json);
        Assert.Contains("\"load_balancer\": \"none\"",
            System.Text.Json.JsonSerializer.Serialize(setup with { LoadBalancer = null }, RunReportJson.Options));
    }

    [Fact]
    public void A_setup_naming_a_node_the_catalog_lacks_cannot_be_rebuilt()
    {
        RunSetup setup = RunSetups.Of(Make("catalog")) with { RedisNode = "cache.nonexistent" };
        ScenarioException e = Assert.Throws<ScenarioException>(() => RunSetups.Deployment(setup, s_nodes));
        Assert.Equal("redis_node", e.Key);
        Assert.Contains("cache.t4g.small", e.Message);
    }

    [Fact]
    public void A_one_process_run_without_a_balancer_rebuilds_as_round_robin()
    {
        RunSetup setup = RunSetups.Of(Make("catalog")) with { LoadBalancer = null };
        Assert.Equal(LoadBalancing.RoundRobin, RunSetups.Deployment(setup, s_nodes).LoadBalancer);
    }
}
