using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

public class TargetPolicyTests
{
    [Theory]
    [InlineData("ws://127.0.0.1:5001/ws/r", true)]
    [InlineData("ws://127.8.9.10:5001/ws/r", true)]
    [InlineData("ws://localhost:5001/ws/r", true)]
    [InlineData("ws://[::1]:5001/ws/r", true)]
    [InlineData("ws://10.0.0.1:5001/ws/r", false)]
    [InlineData("ws://example.com/ws/r", false)]
    public void Only_loopback_without_the_namespace_flag(string url, bool ok)
    {
        Assert.Equal(ok, TargetPolicy.Check(url, allowNamespaceAddress: false, out _) is null);
        Assert.Null(TargetPolicy.Check(url, allowNamespaceAddress: true, out _));
    }

    [Fact]
    public void Rejects_http_scheme() =>
        Assert.Contains("scheme", TargetPolicy.Check("http://127.0.0.1/ws/r", false, out _));
}

public class UrlRotationTests
{
    [Fact]
    public void Spreads_round_robin()
    {
        Uri[] urls = new[] { new Uri("ws://127.0.0.1:1/ws/a"), new Uri("ws://127.0.0.1:2/ws/a"),
            new Uri("ws://127.0.0.1:3/ws/a") };
        var rotation = new UrlRotation(urls);
        int[] ports = Enumerable.Range(0, 7).Select(_ => rotation.Next().Port).ToArray();
        Assert.Equal([1, 2, 3, 1, 2, 3, 1], ports);
    }

    [Fact]
    public void Is_even_under_concurrency()
    {
        Uri[] urls = new[] { new Uri("ws://127.0.0.1:1/ws/a"), new Uri("ws://127.0.0.1:2/ws/a") };
        var rotation = new UrlRotation(urls);
        int[] counts = new int[3];
        Parallel.For(0, 1000, _ => Interlocked.Increment(ref counts[rotation.Next().Port]));
        Assert.Equal(500, counts[1]);
        Assert.Equal(500, counts[2]);
    }
}

public class K6ScheduleTests
{
    [Theory]
    [InlineData(1.0, 10.0, 9, 10)]
    [InlineData(0.5, 10.0, 19, 20)]
    [InlineData(0.5, 3.0, 5, 6)]
    [InlineData(0.3, 1.0, 3, 3)]
    public void Last_tick_races_the_close(double interval, double session, int certain, int max)
    {
        var i = TimeSpan.FromSeconds(interval);
        var s = TimeSpan.FromSeconds(session);
        Assert.Equal(certain, K6Schedule.CertainSends(i, s));
        Assert.Equal(max, K6Schedule.MaxSends(i, s));
    }

    [Fact]
    public void Start_offsets_stay_inside_the_ramp_and_in_order()
    {
        var rng = new Random(7);
        var ramp = TimeSpan.FromSeconds(1);
        TimeSpan[] offsets = Enumerable.Range(0, 100).Select(i => K6Schedule.StartOffset(i, 100, ramp, rng)).ToArray();
        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, ramp));
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(TimeSpan.Zero, K6Schedule.StartOffset(5, 100, TimeSpan.Zero, rng));
    }
}

public class LoadArgumentsTests
{
    private static LoadArguments Good() =>
        new() { Urls = ["ws://127.0.0.1:5001/ws/r"], Users = 5, Interval = "500ms", Session = "3", Sessions = 2 };

    [Fact]
    public void Valid_input_makes_a_plan_with_defaults()
    {
        LoadArguments.Validated? v = Good().Validate(out List<string> errors);
        Assert.Empty(errors);
        Assert.NotNull(v);
        Assert.Equal(0.5, v.Plan.Interval.TotalSeconds);
        Assert.Equal(1, v.Labels.Tasks);
        Assert.Equal(2 * (3 + 5) + 30, v.Plan.MaxDuration.TotalSeconds);
        Assert.Equal(SubscriptionMode.PerConnection, v.Labels.Subscription);
    }

    [Fact]
    public void Missing_url_names_the_option() => AssertError(new LoadArguments { Users = 5 }, "--url");

    [Fact]
    public void Non_loopback_url_is_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://192.168.1.9:5001/ws/r"] }, "--url", "loopback");

    [Fact]
    public void Namespace_flag_allows_other_addresses()
    {
        var args = new LoadArguments { Urls = ["ws://10.200.0.2:5001/ws/r"], AllowNamespaceAddress = true };
        Assert.NotNull(args.Validate(out _));
    }

    [Theory]
    [InlineData("127.0.0.1:6379", "127.0.0.1:6379")]
    [InlineData("unix:/tmp/run/redis.sock", "/tmp/run/redis.sock")]
    public void Redis_is_read_over_tcp_or_its_unix_socket(string option, string endpoint) =>
        Assert.Equal(endpoint,
            new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Redis = option }.Validate(out _)!.Probes.Redis!
                .ToString());

    [Theory]
    [InlineData("localhost")]
    [InlineData("unix:")]
    [InlineData("127.0.0.1:0")]
    public void A_redis_address_of_neither_form_is_refused(string option) =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Redis = option }, "--redis", "HOST:PORT",
            "unix:PATH");

    [Fact]
    public void A_subscription_label_outside_the_text_map_is_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Subscription = "broadcast" },
            "--subscription: got 'broadcast'; expected one of per-connection, per-task");

    [Theory]
    [InlineData("1h", 3600.0)]
    [InlineData("250000us", 0.25)]
    [InlineData("2m", 120.0)]
    public void Durations_read_with_the_scenario_grammar(string text, double seconds) =>
        Assert.Equal(seconds,
            new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Ramp = text }.Validate(out _)!.Plan.Ramp.TotalSeconds,
            9);

    [Fact]
    public void Upper_case_units_are_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Interval = "1S" }, "--interval", "'1S'");

    [Fact]
    public void Zero_users_is_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Users = 0 }, "--users", ">= 1");

    [Fact]
    public void Negative_interval_is_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Interval = "-1" }, "--interval", "> 0");

    [Fact]
    public void Unknown_subscription_is_refused() =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Subscription = "sometimes" },
            "--subscription");

    [Fact]
    public void Env_pairs_land_in_labels()
    {
        var args = new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Env = ["a=b=c", "x=1"] };
        LoadArguments.Validated? v = args.Validate(out _);
        Assert.Equal("b=c", v!.Labels.Extra["a"]);
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], Env = ["novalue"] }, "--env");
    }

    private static void AssertError(LoadArguments args, params string[] fragments)
    {
        Assert.Null(args.Validate(out List<string> errors));
        Assert.Contains(errors, e => fragments.All(f => e.Contains(f, StringComparison.Ordinal)));
    }
}

public class ReportTests
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerTask, 1, 0.25, 20,
        new Dictionary<string, string>());

    [Fact]
    public void Expected_is_sent_times_users_and_ratio_follows()
    {
        var r = new LoadResult(190, 1500, 20, 0, 0, 0, [10.1, 10.3], 21.0, 1.0, 2, false, [new ServerCpu(1, 4.41)],
            new RedisInfoProbe.Counters(2_625_000, 1000));
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels, r,
            new Dictionary<string, string> { ["nproc"] = "2" });
        Assert.Equal(1900, report.Metrics.Expected);
        Assert.Equal(1500.0 / 1900, report.Metrics.DeliveryRatio, 9);
        Assert.Equal(RunReport.MeasuredSource, report.Source);
        Assert.Equal(RunReport.CurrentSchema, report.Schema);
        // 4.41 CPU s over 21 s wall = 0.21 cores of a 0.25 quota; 2.625 MB in 21 s = 1 Mbit/s of a 20 Mbit/s limit.
        Assert.Equal(0.84, report.Resources.Single(x => x.Name == "task1_cpu").Utilization, 6);
        Assert.Equal(0.05, report.Resources.Single(x => x.Name == "redis_egress").Utilization, 6);
        Assert.Equal("task_cpu", report.Bottleneck.ToString());
        Assert.Equal("", report.Environment["warnings"]);
        RunReport back = RunReportJson.Deserialize(RunReportJson.Serialize(report));
        Assert.Equal(report.Metrics.WsMsgsReceived, back.Metrics.WsMsgsReceived);
    }

    [Fact]
    public void The_setup_records_ramp_memory_balancer_and_link()
    {
        var r = new LoadResult(10, 100, 2, 0, 0, 0, [10.0], 10.0, 1.0, 2, false, [], null);
        LoadPlan ramped = s_plan with { Ramp = TimeSpan.FromSeconds(2) };
        RunSetup one = LoadReportBuilder.Build(ramped, s_labels with { TaskMemoryGb = 0.5 }, r,
            new Dictionary<string, string>()).Setup;
        Assert.Equal((2.0, 0.5, null, RedisLink.Shaped),
            (one.RampSeconds, one.TaskMemoryGb, one.LoadBalancer, one.RedisLink));
        RunSetup two = LoadReportBuilder.Build(s_plan, s_labels with { Tasks = 2, RedisEgressMbps = null }, r,
            new Dictionary<string, string>()).Setup;
        Assert.Equal((LoadBalancing.RoundRobin, RedisLink.Unshaped, 2.0),
            (two.LoadBalancer, two.RedisLink, two.TaskMemoryGb));
    }

    [Fact]
    public void Saturated_load_generator_is_flagged()
    {
        var r = new LoadResult(10, 100, 2, 0, 0, 0, [10.0], 10.0, 17.0, 2, false, [], null);
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels, r, new Dictionary<string, string>());
        Assert.Contains("load generator", report.Environment["warnings"], StringComparison.Ordinal);
        Assert.Equal("loadgen_cpu", report.Bottleneck.ToString());
    }

    [Fact]
    public void Proc_stat_and_redis_info_parse()
    {
        Assert.Equal(3.5,
            ProcessCpu.ParseStat("42 (dotnet (x)) S 1 42 42 0 -1 4194560 100 0 0 0 250 100 0 0 20 0 30 0 1 2 3")!.Value,
            9);
        RedisInfoProbe.Counters? c = RedisInfoProbe.Parse(
            "# Stats\r\ntotal_net_input_bytes:12\r\ntotal_net_output_bytes:34\r\n");
        Assert.Equal(new RedisInfoProbe.Counters(34, 12), c);
    }
}
