using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// A connection's memberships: its own number for its first room, then one number per further room of its user; the
/// rooms its further memberships name, and a membership's connection and room found in one search, agree with the
/// numbering, with and without churn.
/// </summary>
public class MembershipsTests
{
    private static readonly RoomClass[] s_rooms =
    [
        new(6, 5),
        new(30, 1) { Membership = RoomMembership.Shared },
        new(4, 3) { Membership = RoomMembership.Shared },
    ];

    private static Workload Workload(bool churn)
    {
        Workload w = TestScenarios.Room(1, tasks: 2, ramp: 1).Workload with
        {
            Users = (int)RoomClass.UsersOf(s_rooms),
            Rooms = s_rooms,
        };
        return churn
            ? w with
            {
                SessionLaw = new ExponentialDuration(10),
                SessionSeconds = 10,
                Reconnect = new ExponentialDuration(5),
                RunSeconds = 100,
            }
            : w;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_connections_further_memberships_are_its_users_further_rooms_and_belong_to_it(bool churn)
    {
        Workload w = Workload(churn);
        var layout = new RoomLayout(w);
        var plan = new SessionPlan(w, layout, new RandomStreams(5));
        var memberships = new Memberships(layout, plan);
        Assert.Equal(churn, plan.Drawn);
        Assert.True(plan.Connections > w.Users);
        var seen = new HashSet<int>();
        for (int connection = 0; connection < plan.Connections; connection++)
        {
            int user = plan.UserOf(connection);
            var rooms = new List<int>();
            foreach ((int membership, int room) in memberships.ExtrasOf(connection))
            {
                Assert.True(seen.Add(membership), $"membership {membership} named twice");
                Assert.Equal(connection, memberships.ConnectionOf(membership));
                Assert.Equal(room, memberships.RoomOf(membership));
                rooms.Add(room);
            }
            Assert.Equal(layout.RoomsOf(user).Skip(1), rooms);
        }
        Assert.Equal(memberships.Count - plan.Connections, seen.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Locating_a_membership_gives_its_connection_and_room(bool churn)
    {
        Workload w = Workload(churn);
        var layout = new RoomLayout(w);
        var plan = new SessionPlan(w, layout, new RandomStreams(5));
        var memberships = new Memberships(layout, plan);
        for (int membership = 0; membership < memberships.Count; membership++)
        {
            Assert.Equal((memberships.ConnectionOf(membership), memberships.RoomOf(membership)),
                memberships.Locate(membership));
        }
    }
}
