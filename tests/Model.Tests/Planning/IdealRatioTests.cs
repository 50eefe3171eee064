using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Planning;

public class IdealRatioTests
{
    /// <summary>
    /// Eighteen rooms of one (each user hears only itself), 2,759-byte messages every 1.12 s over 9 s sessions: the
    /// eighth tick's copy cannot come back before the close. On a 0.5 Mbit/s egress link a tick's copies queue for
    /// most of a second, so a late copy reaches the room after the sender's next session joined it.
    /// </summary>
    private static Scenario RoomsOfOneOnACrawlingLink(int sessions)
    {
        Scenario s = TestScenarios.Room(18, mode: SubscriptionMode.PerTask,
            node: new RedisNodeType("fluid-0.5mbps", 0.0005, 0.0005, 0, 0, 0), seed: 330);
        return s with
        {
            Workload = new Workload(18, 1.12, 9, sessions, 0,
                Rooms: [new RoomClass(18, 1) { MessageSize = new MessageSize(2759) }]),
            Replications = 2,
        };
    }

    [Fact]
    public void A_late_copy_is_lost_for_sure_only_in_its_senders_last_session()
    {
        Scenario once = RoomsOfOneOnACrawlingLink(1);
        Assert.Equal(7 / 8.0, IdealRatio.Ceiling(once), 12);
        Assert.All(ScenarioRunner.Run(once).Replications, r => Assert.Equal(7 / 8.0, r.DeliveryRatio, 12));

        // Twice: the first session's late copies may count in the second, so only the second's are sure misses.
        Scenario twice = RoomsOfOneOnACrawlingLink(2);
        Assert.Equal(1 - 1 / 16.0, IdealRatio.Ceiling(twice), 12);
        foreach (RunMetrics r in ScenarioRunner.Run(twice).Replications)
        {
            Assert.InRange(r.DeliveryRatio, 7 / 8.0 + 1e-9, IdealRatio.Ceiling(twice));
        }
    }
}
