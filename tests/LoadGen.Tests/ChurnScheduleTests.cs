using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.LoadGen.Tests;

/// <summary>A real run's churn is the simulator's plan: the same first dials, lengths and gaps for a seed, lengths cut
/// at the run's end, and presence counted from the dial to the session's end.</summary>
public class ChurnScheduleTests
{
    private static readonly Workload s_churn = new(6, 0.2, 1, 4, 2)
    {
        SessionLaw = new ExponentialDuration(1),
        Reconnect = new ExponentialDuration(0.3),
        RunSeconds = 4,
    };

    [Fact]
    public void First_dials_lengths_and_gaps_are_the_simulators_draws_for_the_seed()
    {
        var rooms = new RoomLayout(s_churn);
        var schedule = new ChurnSchedule(s_churn, rooms, seed: 7);
        var simulated = new SessionPlan(s_churn, rooms, new RandomStreams(7));
        RandomStream ramp = new RandomStreams(7).For("ramp");
        for (int user = 0; user < s_churn.Users; user++)
        {
            Assert.Equal(SessionPlan.Start(ramp, 2), schedule.FirstDial(user).TotalSeconds, 6);
        }
        Assert.Equal(simulated.Connections, schedule.Sessions.Connections);
        Assert.All(Enumerable.Range(0, simulated.Connections), c =>
            Assert.Equal((simulated.LengthOf(c), simulated.GapAfter(c)),
                (schedule.Sessions.LengthOf(c), schedule.Sessions.GapAfter(c))));
        // Another seed draws other lengths.
        Assert.NotEqual(simulated.LengthOf(0), new ChurnSchedule(s_churn, rooms, seed: 8).Sessions.LengthOf(0));
    }

    [Fact]
    public void A_session_open_near_the_runs_end_is_cut_there()
    {
        var schedule = new ChurnSchedule(s_churn, new RoomLayout(s_churn), seed: 1);
        double drawn = schedule.Sessions.LengthOf(0);
        Assert.Equal(drawn, schedule.LengthOf(0, TimeSpan.Zero).TotalSeconds, 6);
        Assert.Equal(Math.Min(drawn, 0.5), schedule.LengthOf(0, TimeSpan.FromSeconds(3.5)).TotalSeconds, 6);
        Assert.Equal(TimeSpan.Zero, schedule.LengthOf(0, TimeSpan.FromSeconds(4.2)));
    }

    [Fact]
    public void A_member_is_present_from_its_dial_until_its_session_ends()
    {
        Workload two = s_churn with { Users = 4, Rooms = [new RoomClass(2, 2)] };
        var schedule = new ChurnSchedule(two, new RoomLayout(two), seed: 1);
        schedule.Dialled(0);
        schedule.Dialled(0);
        schedule.Dialled(1);
        schedule.Ended(0);
        Assert.Equal((1, 1), (schedule.PresentIn(0), schedule.PresentIn(1)));
    }
}
