using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// `session` and `reconnect` take a duration or a law (exponential, lognormal by median and sigma or by mean and sd,
/// uniform), at the top level and per room class; `duration` runs users until the run's end instead of a count of
/// sessions. A file without them reads as it always did.
/// </summary>
public class ScenarioFileChurnTests
{
    private const string Churn = """
        interval: 5s
        redis_egress_mbps: 100
        session:
          distribution: exponential
          mean: 60s
        reconnect:
          distribution: uniform
          min: 5s
          max: 15s
        duration: 10m
        rooms:
          - count: 10
            size: 10
            session:
              distribution: lognormal
              mean: 2m
              sd: 1m
          - count: 2
            size: 20
            reconnect: 0s
          - count: 1
            size: 5
            session:
              distribution: lognormal
              median: 30s
              sigma: 1.5

        """;

    private static Scenario Load(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        return ScenarioFile.Load(ws.Write("churn.yaml", yaml));
    }

    private static InputException Rejected(string yaml)
    {
        using var ws = new ScenarioWorkspace();
        string file = ws.Write("bad.yaml", yaml);
        return Assert.Throws<InputException>(() => ScenarioFile.Load(file));
    }

    [Fact]
    public void Laws_are_read_at_the_top_level_and_per_class_each_over_the_top_level()
    {
        Workload w = Load(Churn).Workload;
        IReadOnlyList<RoomClass> rooms = w.RoomClasses;
        Assert.Equal(new ExponentialDuration(60), w.SessionLaw);
        Assert.Equal(60, w.SessionSeconds);
        Assert.Equal(new UniformDuration(5, 15), w.Reconnect);
        Assert.Equal(600, w.RunSeconds);
        Assert.Equal(LogNormalDuration.OfMean(120, 60), w.SessionOf(rooms[0]));
        Assert.Equal(120, w.SessionOf(rooms[0]).MeanSeconds, 9);
        Assert.Equal(new UniformDuration(5, 15), w.ReconnectOf(rooms[0]));
        Assert.Equal(new ExponentialDuration(60), w.SessionOf(rooms[1]));
        Assert.Equal(new FixedDuration(0), w.ReconnectOf(rooms[1]));
        Assert.Equal(new LogNormalDuration(30, 1.5), w.SessionOf(rooms[2]));
        Assert.True(w.HasChurn);
    }

    [Fact]
    public void A_run_length_gives_the_bounds_the_sessions_a_user_makes_on_average()
    {
        // 600 s at one session of 60 s and a gap of 10 s on average: 8.6, so 9.
        Assert.Equal(9, Load(Churn).Workload.Sessions);
    }

    [Fact]
    public void A_file_without_churn_keys_has_fixed_sessions_back_to_back()
    {
        Workload w = Load("users: 10\ninterval: 1s\nsession: 30s\nsessions: 3\n").Workload;
        Assert.Null(w.SessionLaw);
        Assert.Null(w.Reconnect);
        Assert.Null(w.RunSeconds);
        Assert.False(w.HasChurn);
        Assert.Equal((30, 3), (w.SessionSeconds, w.Sessions));
    }

    [Fact]
    public void A_plain_reconnect_gap_is_a_fixed_law_and_marks_the_workload_as_churning()
    {
        Workload w = Load("users: 10\ninterval: 1s\nreconnect: 2s\n").Workload;
        Assert.Equal(new FixedDuration(2), w.Reconnect);
        Assert.True(w.HasChurn);
        Assert.Equal(6, w.Sessions);
    }

    private const string Head = "users: 10\ninterval: 1s\n";

    [Theory]
    [InlineData("session:\n  distribution: exponential\n  mean: -5s\n", "5:9", "session.mean", "more than 0")]
    [InlineData("session:\n  distribution: lognormal\n  median: 30s\n  sigma: 0\n", "6:10", "session.sigma",
        "more than 0")]
    [InlineData("session:\n  distribution: lognormal\n  mean: 30s\n  sd: -1s\n", "6:7", "session.sd", "more than 0")]
    [InlineData("reconnect:\n  distribution: uniform\n  min: 20s\n  max: 10s\n", "6:8", "reconnect.max",
        "at least min (20 s), got 10 s")]
    [InlineData("reconnect:\n  distribution: weibull\n", "4:17", "reconnect.distribution",
        "expected one of exponential, lognormal, uniform")]
    [InlineData("session:\n  distribution: exponential\n  median: 5s\n", "5:3", "session.median", "unknown key")]
    [InlineData("reconnect: -1s\n", "3:12", "reconnect", "at least 0")]
    [InlineData("session: 0s\n", "3:10", "session", "more than 0")]
    [InlineData("duration: 0s\n", "3:11", "duration", "more than 0")]
    [InlineData("sessions: 3\nduration: 10m\n", "4:11", "duration", "either sessions")]
    public void A_bad_law_or_run_length_is_refused_at_its_key(string yaml, string position, string key,
        string words)
    {
        InputException e = Rejected(Head + yaml);
        Assert.Equal(position, $"{e.Line}:{e.Column}");
        Assert.Equal(key, e.Key);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void A_class_session_law_with_impossible_parameters_is_refused_at_the_class_key()
    {
        InputException e = Rejected("interval: 1s\nredis_egress_mbps: 100\nrooms:\n  - count: 2\n    size: 5\n" +
            "    session:\n      distribution: uniform\n      min: 0s\n      max: 0s\n");
        Assert.Equal("rooms[0].session", e.Key);
        Assert.Equal(7, e.Line);
        Assert.Contains("more than 0 s on average", e.Message);
    }

    [Fact]
    public void A_bad_law_exits_2_with_one_line_and_writes_nothing()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("bad.yaml", Head + "session:\n  distribution: exponential\n  mean: -5s\n");
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:5:9: key 'session.mean'", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void A_churn_run_reports_its_laws_and_reconnects_in_the_summary_and_the_json()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = ws.Write("churn.yaml", "interval: 5s\nredis_egress_mbps: 100\nduration: 60s\n" +
            "rooms:\n  - count: 10\n    size: 5\nsession:\n  distribution: exponential\n  mean: 10s\n" +
            "reconnect:\n  distribution: uniform\n  min: 1s\n  max: 3s\n");
        string json = Path.Combine(ws.Root, "result.json");
        CliProcess.Result result = CliProcess.Run(ws.Root, "run", scenario, "--json", json);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sessions exponential, mean 10 s; reconnect after uniform 1-3 s; until 60 s", result.Stdout);
        Assert.Contains("expected (sent x present)", result.Stdout);
        Assert.Contains("reconnects (connects).....:", result.Stdout);
        string written = File.ReadAllText(json);
        Assert.Contains("\"churn\": {", written);
        Assert.Contains("\"peak_connects_per_second\"", written);
        Assert.Contains("\"churn\": \"sessions exponential", written);
    }
}
