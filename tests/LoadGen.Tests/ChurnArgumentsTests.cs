using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>`fanoutsim load` with churn: session laws, reconnect gaps and a run length, from the options or from the
/// scenario `--rooms-from` names, never both.</summary>
public class ChurnArgumentsTests
{
    private static LoadArguments Args(string session = "10s", string? reconnect = null, string? duration = null,
        Workload? roomsFrom = null) =>
        new()
        {
            Urls = ["ws://127.0.0.1:5001/ws/room"],
            Users = 6,
            Session = session,
            Reconnect = reconnect,
            Duration = duration,
            RoomsFrom = roomsFrom,
            RoomsFromFile = "churn.yaml",
        };

    [Fact]
    public void Options_give_a_session_law_a_gap_and_a_run_length_that_users_reconnect_until()
    {
        LoadArguments.Validated? v = Args("exponential:1s", "300ms", "4s").Validate(out List<string> errors);
        Assert.Empty(errors);
        LoadPlan plan = v!.Plan;
        Assert.Equal((new ExponentialDuration(1), new FixedDuration(0.3), TimeSpan.FromSeconds(4)),
            (plan.SessionLaw, plan.Reconnect, plan.Duration));
        // The session option is the law's mean; sessions are the mean count a user makes, 4 s / 1.3 s, rounded up.
        Assert.Equal((TimeSpan.FromSeconds(1), 4), (plan.Session, plan.Sessions));
        Assert.Equal(TimeSpan.FromSeconds(64), plan.MaxDuration);
        Assert.True(plan.Workload.HasChurn);
        Assert.Equal(4, plan.Workload.RunSeconds);
    }

    [Fact]
    public void A_fixed_session_without_gap_or_run_length_is_no_churn_as_before()
    {
        LoadPlan plan = Args("10s").Validate(out List<string> errors)!.Plan;
        Assert.Empty(errors);
        Assert.Equal((null, null, null), (plan.SessionLaw, plan.Reconnect, (TimeSpan?)plan.Duration));
        Assert.Equal((TimeSpan.FromSeconds(10), 6), (plan.Session, plan.Sessions));
        Assert.False(plan.Workload.HasChurn);
    }

    [Theory]
    [InlineData("lognormal:30s:1.2", "lognormal median 30 s, sigma 1.2")]
    [InlineData("uniform:5s:15s", "uniform 5-15 s")]
    [InlineData("exponential:1m", "exponential, mean 60 s")]
    public void A_session_law_is_one_word_and_its_parameters_in_the_scenarios_order(string text, string law)
    {
        Assert.Equal(law, DurationLawText.Parse(text, out string? why)!.Text);
        Assert.Null(why);
    }

    [Theory]
    [InlineData("weibull:2s", null, null, "--session: got 'weibull:2s'; expected a duration such as 10s, or a law")]
    [InlineData("lognormal:30s:0", null, null, "--session: got 'lognormal:30s:0' (lognormal median 30 s, sigma 0): "
        + "sigma must be a positive number")]
    [InlineData("0", null, null, "--session: got '0'; expected a length > 0 on average")]
    [InlineData("10s", "-1s", null, "--reconnect: got '-1s' (-1 s): must be a duration of 0 s or more")]
    [InlineData("10s", "uniform:3s:1s", null, "--reconnect: got 'uniform:3s:1s' (uniform 3-1 s): max must be at "
        + "least min")]
    [InlineData("10s", null, "0s", "--duration: got '0s'; expected a duration > 0")]
    public void Bad_churn_options_are_refused_naming_the_option(string session, string? reconnect, string? duration,
        string message)
    {
        Assert.Null(Args(session, reconnect, duration).Validate(out List<string> errors));
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    /// <summary>Two rooms of 3, sessions exponential (mean 1 s), gaps 0.3 s, until 4 s; the second class's sessions
    /// uniform from 0.5 to 1.5 s.</summary>
    private static Workload Scenario() => new(6, 0.2, 1, 4, 0, Rooms:
    [
        new RoomClass(1, 3),
        new RoomClass(1, 3) { Session = new UniformDuration(0.5, 1.5) },
    ])
    {
        SessionLaw = new ExponentialDuration(1),
        Reconnect = new FixedDuration(0.3),
        RunSeconds = 4,
    };

    [Fact]
    public void A_scenarios_churn_keys_become_the_plans_top_level_and_each_classs_own()
    {
        LoadPlan plan = Args(roomsFrom: Scenario()).Validate(out List<string> errors)!.Plan;
        Assert.Empty(errors);
        Workload w = plan.Workload;
        Workload scenario = Scenario();
        Assert.Equal((scenario.SessionLaw, scenario.Reconnect, scenario.RunSeconds, scenario.Sessions),
            (w.SessionLaw, w.Reconnect, w.RunSeconds, w.Sessions));
        Assert.Equal(scenario.RoomClasses.Select(scenario.SessionOf), w.RoomClasses.Select(w.SessionOf));
        Assert.Equal(scenario.ChurnText, w.ChurnText);
    }

    [Fact]
    public void Churn_in_the_scenario_and_on_the_command_line_is_refused()
    {
        Assert.Null(Args(reconnect: "1s", roomsFrom: Scenario()).Validate(out List<string> errors));
        Assert.Contains(errors, e => e.Contains("churn.yaml sets its own session law, reconnect or duration; give "
            + "the churn in one place", StringComparison.Ordinal));
    }
}
