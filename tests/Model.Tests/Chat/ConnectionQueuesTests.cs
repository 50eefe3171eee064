using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class ConnectionQueuesTests
{
    [Fact]
    public void Each_connection_gets_its_values_back_in_the_order_it_gave_them()
    {
        const int Connections = 30;
        var queues = new ConnectionQueues<int>(Connections);
        Queue<int>[] expected = [.. Enumerable.Range(0, Connections).Select(_ => new Queue<int>())];
        var random = new Random(5);
        for (int step = 0; step < 20_000; step++)
        {
            int connection = random.Next(Connections);
            if (random.Next(2) == 0 || expected[connection].Count == 0)
            {
                queues.Enqueue(connection, step);
                expected[connection].Enqueue(step);
            }
            else
            {
                Assert.Equal(expected[connection].Dequeue(), queues.Take(connection));
            }
        }
    }

    [Fact]
    public void A_cell_taken_off_its_queue_keeps_its_value_until_released_and_is_then_given_again()
    {
        var queues = new ConnectionQueues<double>(2);
        int first = queues.Enqueue(0, 1.5);
        queues.Enqueue(1, 2.5);
        Assert.Equal(first, queues.Dequeue(0));
        queues.Enqueue(0, 3.5);
        Assert.Equal(1.5, queues.ValueAt(first));
        queues.Release(first);
        Assert.Equal(first, queues.Enqueue(1, 4.5));
        Assert.Equal(2.5, queues.Take(1));
        Assert.Equal(4.5, queues.Take(1));
        Assert.Equal(3.5, queues.Take(0));
    }
}
