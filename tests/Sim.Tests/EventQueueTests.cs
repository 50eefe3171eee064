using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;

namespace FanoutSim.Sim.Tests;

public class EventQueueTests
{
    [Fact]
    public void Events_come_out_in_time_order_whatever_order_they_went_in()
    {
        var queue = new EventQueue<int>(4);
        var random = new RandomStream(7);
        var times = Enumerable.Range(0, 5000).Select(_ => random.Uniform(0, 100)).ToList();
        foreach ((double time, int i) in times.Select((t, i) => (t, i)))
        {
            queue.Enqueue(time, i);
        }
        var popped = new List<double>();
        while (queue.TryDequeue(out double time, out _))
        {
            popped.Add(time);
        }
        Assert.Equal(times.Order().ToList(), popped);
    }

    [Fact]
    public void Events_at_the_same_time_come_out_in_the_order_they_were_scheduled()
    {
        var queue = new EventQueue<int>();
        for (int i = 0; i < 100; i++)
        {
            queue.Enqueue(i % 3 == 0 ? 1.0 : 2.0, i);
        }
        var order = new List<int>();
        while (queue.TryDequeue(out _, out int payload))
        {
            order.Add(payload);
        }
        IEnumerable<int> expected = Enumerable.Range(0, 100).Where(i => i % 3 == 0)
            .Concat(Enumerable.Range(0, 100).Where(i => i % 3 != 0));
        Assert.Equal(expected, order);
    }

    [Fact]
    public void Peeking_shows_the_event_that_comes_next_and_takes_nothing()
    {
        var sim = new Simulator<int>();
        Assert.False(sim.TryPeek(out _));
        var random = new RandomStream(5);
        for (int i = 0; i < 2000; i++)
        {
            // Ties too: the peeked event is the one scheduled first among those at the earliest time.
            sim.Schedule(Math.Round(random.Uniform(0, 50)), i);
        }
        while (sim.TryPeek(out int next))
        {
            int pending = sim.Pending;
            Assert.True(sim.TryPeek(out int again));
            Assert.Equal(next, again);
            Assert.Equal(pending, sim.Pending);
            Assert.True(sim.TryNext(out int taken));
            Assert.Equal(next, taken);
        }
        Assert.Equal(0, sim.Pending);
    }

    [Fact]
    public void Interleaved_scheduling_and_dequeuing_keeps_the_clock_monotone()
    {
        var sim = new Simulator<int>();
        var random = new RandomStream(3);
        sim.Schedule(0, 0);
        double last = 0;
        int handled = 0;
        while (sim.TryNext(out int n) && handled < 20000)
        {
            Assert.True(sim.Now >= last);
            last = sim.Now;
            handled++;
            if (n < 10000)
            {
                sim.ScheduleIn(random.Exponential(1), n + 1);
                sim.ScheduleIn(random.Exponential(2), n + 2);
            }
        }
        Assert.Equal(20000, handled);
    }

    [Fact]
    public void Scheduling_into_the_past_is_refused()
    {
        var sim = new Simulator<int>();
        sim.Schedule(5, 1);
        Assert.True(sim.TryNext(out _));
        Assert.Throws<InvalidOperationException>(() => sim.Schedule(4, 2));
    }

    [Fact]
    public void The_run_stops_at_the_time_limit_and_says_so()
    {
        var sim = new Simulator<int>(timeLimit: 10);
        sim.Schedule(3, 1);
        sim.Schedule(12, 2);
        Assert.True(sim.TryNext(out int first));
        Assert.Equal(1, first);
        Assert.False(sim.TryNext(out _));
        Assert.True(sim.HitTimeLimit);
        Assert.Equal(3, sim.Now);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Runs_and_heap_together_give_the_order_of_time_then_scheduling(int seed)
    {
        // Fixed-delay streams (runs), near random delays (heap), exact ties and rare far events, interleaved with
        // takes: each event comes out where sorting every event by (time, when scheduled) puts it.
        var queue = new EventQueue<int>(4);
        var random = new RandomStream((ulong)seed);
        var expected = new SortedSet<(double Time, int Id)>();
        double now = 0;
        int next = 0;
        void Schedule(double time)
        {
            queue.Enqueue(time, next);
            expected.Add((time, next++));
        }
        for (int i = 0; i < 200; i++)
        {
            Schedule(random.Uniform(0, 10));
        }
        for (int step = 0; step < 20000; step++)
        {
            if (queue.Count > 0 && random.Uniform(0, 1) < 0.5)
            {
                Assert.Equal(expected.Min.Time, queue.PeekTime);
                Assert.True(queue.TryPeek(out int peeked));
                Assert.True(queue.TryDequeue(out double time, out int id));
                Assert.Equal(expected.Min, (time, id));
                Assert.Equal(peeked, id);
                expected.Remove(expected.Min);
                now = time;
                continue;
            }
            switch ((int)(random.NextDouble() * 5))
            {
                case 0:
                    Schedule(now + 60);
                    break;
                case 1:
                    Schedule(now + 600);
                    break;
                case 2:
                    Schedule(now + random.Exponential(0.01));
                    break;
                case 3:
                    // Ties with what is pending.
                    Schedule(Math.Ceiling(now));
                    break;
                default:
                    Schedule(now + random.Uniform(0, 1000));
                    break;
            }
            Assert.Equal(expected.Count, queue.Count);
        }
        while (queue.TryDequeue(out double time, out int id))
        {
            Assert.Equal(expected.Min, (time, id));
            expected.Remove(expected.Min);
        }
        Assert.Empty(expected);
        Assert.Equal(double.PositiveInfinity, queue.PeekTime);
    }

    [Fact]
    public void Events_each_a_fixed_delay_after_their_own_instant_stay_out_of_the_heap()
    {
        // Every event of a stream schedules its next a minute later, and one near event: the stream's 20,000 pending
        // events wait in a run, the heap holds a few near ones at most.
        var queue = new EventQueue<int>();
        var random = new RandomStream(9);
        for (int i = 0; i < 20000; i++)
        {
            queue.Enqueue(i * 0.003, 1);
        }
        int mostInHeap = 0;
        for (int step = 0; step < 200000; step++)
        {
            Assert.True(queue.TryDequeue(out double now, out int kind));
            if (kind == 1)
            {
                queue.Enqueue(now + 60, 1);
                queue.Enqueue(now + random.Exponential(0.001), 2);
            }
            mostInHeap = Math.Max(mostInHeap, queue.InHeapCount);
        }
        Assert.True(queue.Count >= 20000);
        Assert.InRange(mostInHeap, 0, 100);
    }
}
