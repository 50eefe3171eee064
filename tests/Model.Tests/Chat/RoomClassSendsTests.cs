using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A room class may say how its users send (interval, ticks or Poisson, jitter): its users send so, the other classes
/// as the top level says, and a class that says nothing (or what the top level says) changes no draw and no result.
/// </summary>
public class RoomClassSendsTests
{
    private static Scenario WithRooms(Scenario s, params RoomClass[] rooms) =>
        s with { Workload = s.Workload with { Users = (int)rooms.Sum(c => c.Members), Rooms = rooms } };

    private static ChatOutcome Run(Scenario s) => new ChatSimulation(s, s.Seed).Run();

    [Fact]
    public void A_class_of_poisson_sends_sends_at_its_own_mean_rate()
    {
        // 400 users x 3 sessions of 10 s at a mean gap of 2 s: the sends of a session are Poisson with mean 5 (gaps
        // are memoryless from the open to the close call), so the class's total is Poisson with mean 6,000 and a
        // standard deviation of 77.5. Four standard deviations (310, 5.2 %) fail a correct model once in 15,000 runs;
        // the seed is fixed, so the test is deterministic besides. The ticking class beside it keeps its own 9 ticks
        // and the one racing the close.
        Scenario s = TestScenarios.Room(1, sessions: 3, profile: TestScenarios.Instant, ramp: 1, seed: 11);
        var poisson = new RoomClass(40, 10) { Sending = new SendOverride(2, SendProcess.Poisson) };
        ChatOutcome o = Run(WithRooms(s, poisson, new RoomClass(10, 10)));
        const double Mean = 400 * 3 * 10 / 2.0;
        Assert.InRange(o.RoomClasses![0].Sent, Mean - 4 * Math.Sqrt(Mean), Mean + 4 * Math.Sqrt(Mean));
        Assert.InRange(o.RoomClasses[1].Sent, 100 * 3 * 9, 100 * 3 * 10);
    }

    [Fact]
    public void A_class_sending_five_times_as_often_makes_five_times_the_sends()
    {
        // Sessions of 10.5 s hold 10 ticks of 1 s and 2 of 5 s, and no tick races the close: exactly five to one.
        Scenario s = TestScenarios.Room(1, interval: 5, profile: TestScenarios.Instant, ramp: 1);
        s = s with { Workload = s.Workload with { SessionSeconds = 10.5 } };
        var chatty = new RoomClass(10, 10) { Sending = new SendOverride(IntervalSeconds: 1) };
        ChatOutcome o = Run(WithRooms(s, chatty, new RoomClass(10, 10)));
        Assert.Equal(10 * 10 * 2 * 10, o.RoomClasses![0].Sent);
        Assert.Equal(5 * o.RoomClasses[1].Sent, o.RoomClasses[0].Sent);
    }

    [Fact]
    public void A_class_with_jitter_beside_exact_ticks_sends_no_more_than_its_ticks()
    {
        Scenario s = TestScenarios.Room(1, profile: TestScenarios.Instant, ramp: 1);
        var late = new RoomClass(10, 10) { Sending = new SendOverride(JitterSeconds: 0.5) };
        ChatOutcome o = Run(WithRooms(s, late, new RoomClass(10, 10)));
        // Nine ticks a session before the close of 10 s; a late last one may fall after it. The exact class also
        // races its tenth tick against the close.
        Assert.InRange(o.RoomClasses![0].Sent, 100 * 2 * 8, 100 * 2 * 9);
        Assert.InRange(o.RoomClasses[1].Sent, 100 * 2 * 9 + 1, 100 * 2 * 10);
    }

    [Theory]
    [InlineData(SendProcess.Ticks, 0.0)]
    [InlineData(SendProcess.Ticks, 0.3)]
    [InlineData(SendProcess.Poisson, 0.0)]
    public void A_class_that_says_what_the_top_level_says_runs_as_without_the_keys(SendProcess sends, double jitter)
    {
        Scenario plain = WithRooms(TestScenarios.Room(1, tasks: 2, vcpu: 0.5, ramp: 1), new RoomClass(6, 10),
            new RoomClass(1, 40));
        plain = plain with { Workload = plain.Workload with { Sends = sends, SendJitterSeconds = jitter } };
        Scenario keyed = WithRooms(plain,
            new RoomClass(6, 10) { Sending = new SendOverride(1, sends, jitter), MessageSize = new MessageSize(200) },
            new RoomClass(1, 40) { Sending = new SendOverride() });
        ChatOutcome without = Run(plain);
        ChatOutcome with = Run(keyed);
        Assert.Equal(without.Metrics, with.Metrics);
        Assert.Equal(without.Resources, with.Resources);
        Assert.Equal(without.Latency, with.Latency);
        Assert.Equal(without.RedisEgressBytes, with.RedisEgressBytes);
        Assert.Equal(without.RoomClasses!.Select(c => c.Sent), with.RoomClasses!.Select(c => c.Sent));
    }

    [Fact]
    public void A_class_of_its_own_timing_is_reported_with_it_and_the_others_are_not()
    {
        Scenario s = TestScenarios.Room(1, profile: TestScenarios.Instant, ramp: 1);
        var poisson = new RoomClass(2, 10) { Sending = new SendOverride(2, SendProcess.Poisson) };
        IReadOnlyList<RoomClassMetrics> classes = Run(WithRooms(s, poisson, new RoomClass(2, 10))).RoomClasses!;
        Assert.Equal("poisson, mean 2 s", classes[0].Sends);
        Assert.Null(classes[1].Sends);
    }
}
