using FanoutSim.Sim.Resources;

namespace FanoutSim.Sim.Tests.Resources;

public class WindowedFifoLinkTests
{
    private const double MegabytePerSecond = 1e6;

    // 1 MB/s with no burst credit; flow 0 an ordinary flow, flow 1 a bulk flow of 100 kB segments, two queued.
    private static WindowedFifoLink Link() =>
        new(2, 1, 100_000, 2, new LinkCredit(MegabytePerSecond, MegabytePerSecond, 0, 0));

    private static List<(int Flow, double At)> Done(WindowedFifoLink link)
    {
        var done = new List<(int, double)>();
        while (link.TryTakeDone(out int flow, out double at))
        {
            done.Add((flow, at));
        }
        return done;
    }

    [Fact]
    public void A_lone_transfer_leaves_at_the_link_rate()
    {
        WindowedFifoLink link = Link();

        double tag = link.Enqueue(2, 0, 100_000);

        Assert.Equal(2.1, link.DoneAt(tag), 12);
        Assert.False(link.HasSent(tag));
        link.AdvanceTo(2.1);
        Assert.True(link.HasSent(tag));
        Assert.Equal(0.1, link.BusyTime, 12);
    }

    [Fact]
    public void A_transfer_waits_behind_a_backlogged_bulk_flow_s_queued_segments_only()
    {
        WindowedFifoLink link = Link();
        // 1 MB for the bulk flow: two 100 kB segments go to the queue, 800 kB wait in its buffer.
        link.Enqueue(0, 1, 1_000_000);
        Assert.Equal(800_000, link.Buffered(1), 6);

        // A 1 kB transfer at 0.05 s waits for the two segments (0.2 s), not for the megabyte.
        double tag = link.Enqueue(0.05, 0, 1_000);

        Assert.Equal(0.201, link.DoneAt(tag), 12);
    }

    [Fact]
    public void A_bulk_segment_that_leaves_makes_room_for_the_next_at_the_queue_s_tail()
    {
        WindowedFifoLink link = Link();
        link.Enqueue(0, 1, 1_000_000);

        // The first segment leaves at 0.1 s and the third joins behind what came meanwhile; so at 0.15 s a
        // transfer waits behind the second segment (up to 0.2 s) and the third (0.3 s).
        double tag = link.Enqueue(0.15, 0, 1_000);

        Assert.Equal(0.301, link.DoneAt(tag), 12);
    }

    [Fact]
    public void A_bulk_flow_s_transfers_are_reported_when_the_segment_they_end_in_leaves()
    {
        WindowedFifoLink link = Link();
        link.Enqueue(0, 1, 150_000);
        link.Enqueue(0, 1, 30_000);

        link.Drain();

        // Two segments take 100 and 50 kB; the 30 kB written meanwhile waits for the first to leave (0.1 s) and
        // goes as a third segment behind the second: the transfers leave at 0.15 and 0.18 s.
        List<(int Flow, double At)> done = Done(link);
        Assert.Equal([1, 1], done.Select(d => d.Flow));
        Assert.Equal(0.15, done[0].At, 12);
        Assert.Equal(0.18, done[1].At, 12);
        Assert.Equal(180_000, link.BytesSent, 6);
    }

    [Fact]
    public void Small_transfers_keep_their_rate_while_a_bulk_flow_falls_behind()
    {
        WindowedFifoLink link = Link();
        // 5 MB of bulk (5 s alone) and 1 kB every 10 ms on the other flow (100 kB/s) for 2 s.
        link.Enqueue(0, 1, 5_000_000);
        double lastTag = 0;
        for (int i = 0; i < 200; i++)
        {
            lastTag = link.Enqueue(i * 0.01, 0, 1_000);
        }

        // The last small transfer waits behind at least one whole bulk segment (0.1 s) and at most two and the
        // small transfers that came meanwhile: D <= (0.2 s + 0.1 D) + its own 1 ms.
        Assert.InRange(link.DoneAt(lastTag) - 1.99, 0.1, 0.2 / 0.9 + 0.001 + 1e-9);
        link.Drain();
        List<(int Flow, double At)> done = Done(link);
        Assert.Equal(5.2, Assert.Single(done).At, 9);
    }

    [Fact]
    public void A_flow_s_transfer_waits_in_its_buffer_while_one_of_its_segments_is_queued_then_joins_the_tail()
    {
        WindowedFifoLink link = Link();
        double first = link.Enqueue(0, 0, 100_000);
        // Bulk segments come in behind the first transfer (0.1-0.2 s, 0.2-0.3 s).
        link.Enqueue(0.01, 1, 1_000_000);

        // At 0.05 s a second transfer on flow 0 waits in its buffer until the first leaves at 0.1 s, then joins
        // the queue behind both bulk segments (there until 0.3 s): it leaves at 0.301 s.
        double second = link.Enqueue(0.05, 0, 1_000);

        Assert.Equal(0.1, link.DoneAt(first), 12);
        Assert.Equal(1_000, link.Buffered(0), 6);
        Assert.Equal(0.1, link.DoneAt(second), 12);
        link.AdvanceTo(0.1);
        Assert.True(link.HasSent(first));
        Assert.False(link.HasSent(second));
        Assert.Equal(0.301, link.DoneAt(second), 12);
    }

    [Fact]
    public void A_group_has_left_when_its_last_transfer_has()
    {
        WindowedFifoLink link = Link();
        double group = link.EnqueueEach(0, [0, 0], 50_000);

        // The second transfer on flow 0 waits for the first (0.05 s), then leaves alone at 0.1 s.
        Assert.Equal(0.05, link.DoneAt(group), 12);
        link.AdvanceTo(0.06);
        Assert.Equal(0.1, link.DoneAt(group), 12);
        link.AdvanceTo(0.1);
        Assert.True(link.HasSent(group));
    }

    [Fact]
    public void A_released_group_s_slot_is_reused_so_what_is_held_does_not_grow_with_what_was_sent()
    {
        WindowedFifoLink link = Link();
        var onTheirWay = new Queue<double>();
        // 10,000 groups of two 1 kB transfers, one every 5 ms (2 ms of sending), each let go once it has left.
        for (int i = 0; i < 10_000; i++)
        {
            double now = i * 0.005;
            link.AdvanceTo(now);
            while (onTheirWay.TryPeek(out double tag) && link.HasSent(tag))
            {
                link.Release(onTheirWay.Dequeue());
            }
            onTheirWay.Enqueue(link.EnqueueEach(now, [0, 0], 1_000));
        }

        Assert.InRange(link.GroupsHeld, 1, 2);
        Assert.Equal(20_000, link.Transfers);
    }

    [Fact]
    public void A_group_still_in_its_flows_buffers_cannot_be_released()
    {
        WindowedFifoLink link = Link();
        double group = link.EnqueueEach(0, [0, 0], 50_000);

        Assert.Throws<InvalidOperationException>(() => link.Release(group));
    }

    [Fact]
    public void A_group_waiting_behind_more_than_a_segment_of_its_flow_s_buffer_is_not_done_before_the_next_segment()
    {
        WindowedFifoLink link = Link();
        // Flow 0 queues 100 kB, then buffers 150 kB: the next segment takes 100 kB of it, the rest waits again.
        link.Enqueue(0, 0, 100_000);
        link.Enqueue(0, 0, 100_000);
        double tail = link.Enqueue(0, 0, 50_000);

        link.AdvanceTo(0.1);
        // At 0.1 s the second 100 kB joined (leaving at 0.2 s); the last 50 kB is still buffered behind it.
        Assert.False(link.HasSent(tail));
        Assert.Equal(0.2, link.DoneAt(tail), 12);
        link.AdvanceTo(0.2);
        Assert.Equal(0.25, link.DoneAt(tail), 12);
    }

    [Fact]
    public void A_watched_flow_s_transfer_has_no_tag()
    {
        WindowedFifoLink link = Link();

        Assert.True(double.IsNaN(link.Enqueue(0, 1, 1_000)));
    }

    [Fact]
    public void Transfers_out_of_ready_order_are_refused()
    {
        WindowedFifoLink link = Link();
        link.Enqueue(1, 0, 10);

        Assert.Throws<InvalidOperationException>(() => link.Enqueue(0.5, 0, 10));
    }
}
