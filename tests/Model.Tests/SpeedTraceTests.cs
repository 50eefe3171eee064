using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests;

/// <summary>
/// speed_trace: a run's measured speed replayed second by second; every task's CPU follows it, and a scenario without
/// one runs as before.
/// </summary>
public class SpeedTraceTests
{
    [Fact]
    public void A_factor_holds_for_its_second_and_outside_the_series_the_speed_is_the_index()
    {
        var trace = new SpeedTrace([1.2, 0.5, 0.9]);
        Assert.Equal(1.2, trace.FactorAt(0));
        Assert.Equal(0.5, trace.FactorAt(1));
        Assert.Equal(0.5, trace.FactorAt(1.999));
        Assert.Equal(0.9, trace.FactorAt(2.5));
        Assert.Equal(1, trace.FactorAt(3));
        Assert.Equal(1, trace.FactorAt(-0.5));
        Assert.Equal(1, trace.FactorAt(double.NaN));
    }

    // 100 users ask 10,000 copies/s; at 22 us a copy that is 88 % of a 0.25-core task: a steady task keeps up.
    private static readonly CostProfile s_nearCapacity = TestScenarios.Instant with
    {
        DeliveryCpuSeconds = 0,
        LocalFanoutCpuSeconds = 0.000022
    };

    private static ChatSimulation Simulation(SpeedTrace? trace)
    {
        Scenario room = TestScenarios.Room(100, sessions: 3, mode: SubscriptionMode.PerTask, profile: s_nearCapacity,
            vcpu: 0.25);
        return new ChatSimulation(room with { Deployment = room.Deployment with { SpeedTrace = trace } }, 5)
            .SampleEvery(1);
    }

    [Fact]
    public void A_trace_of_ones_changes_nothing()
    {
        ChatOutcome plain = Simulation(null).Run();
        ChatOutcome ones = Simulation(new SpeedTrace(Enumerable.Repeat(1.0, 40))).Run();
        Assert.Equal(plain.Metrics, ones.Metrics);
    }

    [Fact]
    public void A_second_at_half_speed_delivers_less_in_that_second()
    {
        double[] factors = [.. Enumerable.Repeat(1.0, 40)];
        factors[12] = 0.5;
        ChatSimulation steady = Simulation(null), halved = Simulation(new SpeedTrace(factors));
        steady.Run();
        halved.Run();
        // The sample at time T covers second [T - 1, T).
        double Delivered(ChatSimulation s, double time) => s.TimeSeries!.Samples
            .Single(x => Math.Abs(x.Time - time) < 1e-9).DeliveredPerSecond;
        Assert.True(Delivered(halved, 13) < 0.85 * Delivered(steady, 13),
            $"halved second delivered {Delivered(halved, 13):0}/s, steady {Delivered(steady, 13):0}/s");
        Assert.True(Delivered(halved, 14) > Delivered(steady, 14),
            $"the next second works off the backlog: {Delivered(halved, 14):0}/s against {Delivered(steady, 14):0}/s");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void A_factor_that_is_not_a_positive_speed_is_refused(double factor)
    {
        Scenario room = TestScenarios.Room(10);
        Scenario bad = room with { Deployment = room.Deployment with { SpeedTrace = new SpeedTrace([1, factor]) } };
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioRules.Check(bad));
        Assert.Equal("speed_trace", e.Key);
    }
}
