using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class ForwardingStateTests
{
    [Fact]
    public void The_running_backlog_sum_is_what_counting_connection_by_connection_gives()
    {
        const int Rooms = 5;
        var state = new ForwardingState(1000, Rooms);
        var random = new Random(42);
        var forwarding = new List<int>();
        for (int step = 0; step < 5000; step++)
        {
            int room = random.Next(Rooms);
            switch (random.Next(3))
            {
                case 0:
                    state.Join(room);
                    forwarding.Add(room);
                    break;
                case 1 when forwarding.Remove(room):
                    state.Leave(room);
                    break;
                default:
                    state.Arrive(room);
                    break;
            }
            Assert.Equal(forwarding.Sum(r => (long)state.ArrivedIn(r)), state.ArrivedOverConnections);
            Assert.Equal(forwarding.Count, state.Connections);
        }
    }
}
