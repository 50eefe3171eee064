using CsCheck;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Sim.Tests.Resources;

public class FairShareLinkTests
{
    private const double MegabytePerSecond = 1e6;

    // 1 MB/s with no burst credit; every flow watched unless told otherwise.
    private static FairShareLink Baseline(int flows, int watched = -1) =>
        new(flows, watched < 0 ? flows : watched, new LinkCredit(MegabytePerSecond, MegabytePerSecond, 0, 0));

    private static List<(int Flow, double At)> Drained(FairShareLink link)
    {
        link.Drain();
        var done = new List<(int, double)>();
        while (link.TryTakeDone(out int flow, out double at))
        {
            done.Add((flow, at));
        }
        return done;
    }

    [Fact]
    public void A_lone_flow_is_sent_at_the_link_rate()
    {
        FairShareLink link = Baseline(1);

        double tag = link.Enqueue(2, 0, 500_000);

        Assert.Equal(2.5, link.DoneAt(tag), 12);
        Assert.Equal([(0, 2.5)], Drained(link));
        Assert.Equal(0.5, link.BusyTime, 12);
        Assert.Equal(500_000, link.BytesSent, 6);
    }

    [Fact]
    public void Backlogged_flows_split_the_link_equally_until_one_empties()
    {
        FairShareLink link = Baseline(2);

        link.Enqueue(0, 0, 1_000_000);
        link.Enqueue(0, 1, 100_000);

        // Both get 0.5 MB/s: the small one is done after 0.2 s, then the big one has the link to itself.
        List<(int Flow, double At)> done = Drained(link);
        Assert.Equal(1, done[0].Flow);
        Assert.Equal(0.2, done[0].At, 12);
        Assert.Equal(0, done[1].Flow);
        Assert.Equal(1.1, done[1].At, 12);
        // One flow waited for its share while both were backlogged.
        Assert.Equal(0.2, link.TotalWait, 12);
    }

    [Fact]
    public void A_flow_that_asks_little_gets_all_it_asks_while_a_bulk_flow_holds_a_backlog()
    {
        // A bulk flow of 5 MB (5 s alone) and 1 kB copies every 10 ms on another flow (100 kB/s).
        FairShareLink link = Baseline(2, watched: 1);
        link.Enqueue(0, 1, 5_000_000);
        for (int i = 0; i < 300; i++)
        {
            double ready = i * 0.01;
            double tag = link.Enqueue(ready, 0, 1000);
            // Half the link while it has something: 2 ms per copy, never more.
            Assert.InRange(link.DoneAt(tag) - ready, 0.0019, 0.0021);
        }
        Assert.True(link.Backlog(1) > 2_000_000, $"the bulk flow still holds {link.Backlog(1)} bytes");
        // The link never idled: the bulk is done when everything sent is.
        Assert.Equal([(1, 5.3)], Drained(link).Select(d => (d.Flow, Math.Round(d.At, 9))));
    }

    [Fact]
    public void A_flow_sends_its_own_transfers_in_order()
    {
        FairShareLink link = Baseline(2);
        link.Enqueue(0, 0, 300_000);
        link.Enqueue(0, 1, 100_000);
        link.Enqueue(0, 0, 100_000);

        // Flow 1's 100 kB leave with flow 0's first 100 kB (0.2 s); flow 0's first transfer ends at 0.4 s, its
        // second at 0.5 s.
        Assert.Equal([(1, 0.2), (0, 0.4), (0, 0.5)], Drained(link).Select(d => (d.Flow, Math.Round(d.At, 9))));
    }

    [Fact]
    public void An_unwatched_backlog_drains_ahead_of_a_watched_bulk_flow()
    {
        FairShareLink link = Baseline(3, watched: 1);
        link.Enqueue(0, 2, 10_000_000);
        link.Enqueue(0, 0, 100_000);
        link.Enqueue(0, 1, 50_000);

        // Three share until flow 1 is done (150 kB, 0.15 s), then two until flow 0 is (100 kB more, 0.25 s).
        Assert.Equal(0.25, link.UnwatchedDrainedAt(), 12);
    }

    [Fact]
    public void Credit_buys_the_burst_rate_as_on_a_token_bucket_link()
    {
        // 1 MB/s baseline, 10 MB/s burst, 9 MB of credit: as TokenBucketLink's own test.
        var link = new FairShareLink(2, 2, new LinkCredit(1e6, 10e6, 9e6, 1));
        link.Enqueue(0, 0, 5e6);
        link.Enqueue(0, 1, 5e6);

        // 10 MB: 10 MB/s while the credit lasts (1 s drains it at 9 MB/s and sends exactly 10 MB).
        Assert.Equal([(0, 1.0), (1, 1.0)], Drained(link).Select(d => (d.Flow, Math.Round(d.At, 9))));
        Assert.Equal(0, link.Credit, 6);
    }

    [Fact]
    public void Transfers_must_come_in_ready_order()
    {
        FairShareLink link = Baseline(1);
        link.Enqueue(1, 0, 10);

        Assert.Throws<InvalidOperationException>(() => link.Enqueue(0.5, 0, 10));
    }

    private static readonly Gen<(double Gap, int Flow, double Bytes)[]> s_transfers =
        Gen.Select(Gen.Double[0, 0.05], Gen.Int[0, 4], Gen.Double[1, 50_000]).Array[1, 60];

    private static readonly Gen<double[]> s_credit =
        Gen.Select(Gen.Double[1e5, 1e6], Gen.Double[1, 5], Gen.Double[0, 2e5], Gen.Double[0, 1])
            .Select((baseline, burstFactor, bucket, start) =>
                new[] { baseline, baseline * burstFactor, bucket, start });

    private static LinkCredit CreditOf(double[] c) => new(c[0], c[1], c[2], c[3]);

    [Fact]
    public void Bytes_are_conserved_and_the_link_drains_when_a_fifo_link_would()
    {
        // Sharing changes who goes first, never how much the link sends while it has something to send: the last
        // byte leaves when it would on a FIFO link with the same credit, and every transfer is done by then.
        Gen.Select(s_transfers, s_credit).Sample((transfers, credit) =>
        {
            var shared = new FairShareLink(5, 5, CreditOf(credit));
            var fifo = new TokenBucketLink(credit[0], credit[1], credit[2], credit[3]);
            double ready = 0;
            double bytes = 0;
            double lastFifoEnd = 0;
            foreach ((double gap, int flow, double size) in transfers)
            {
                ready += gap;
                shared.Enqueue(ready, flow, size);
                lastFifoEnd = fifo.Transmit(ready, size).End;
                bytes += size;
            }
            List<(int Flow, double At)> done = Drained(shared);
            Assert.Equal(transfers.Length, done.Count);
            Assert.Equal(bytes, shared.BytesSent, 1e-9 * bytes);
            Assert.Equal(fifo.BusyTime, shared.BusyTime, 1e-9 * fifo.BusyTime + 1e-12);
            Assert.Equal(lastFifoEnd, done.Max(d => d.At), 1e-9 * lastFifoEnd + 1e-12);
            Assert.Equal(0, shared.Backlogged);
        });
    }

    [Fact]
    public void One_flow_alone_is_a_token_bucket_link()
    {
        Gen.Select(s_transfers, s_credit).Sample((transfers, credit) =>
        {
            var shared = new FairShareLink(1, 1, CreditOf(credit));
            var fifo = new TokenBucketLink(credit[0], credit[1], credit[2], credit[3]);
            double ready = 0;
            var ends = new List<double>();
            foreach ((double gap, _, double size) in transfers)
            {
                ready += gap;
                shared.Enqueue(ready, 0, size);
                ends.Add(fifo.Transmit(ready, size).End);
            }
            List<(int Flow, double At)> done = Drained(shared);
            for (int i = 0; i < ends.Count; i++)
            {
                Assert.Equal(ends[i], done[i].At, 1e-9 * ends[i] + 1e-12);
            }
        });
    }

    [Fact]
    public void A_transfer_is_done_when_estimated_if_nothing_arrives_after_it()
    {
        Gen.Select(s_transfers, s_credit).Sample((transfers, credit) =>
        {
            var link = new FairShareLink(5, 5, CreditOf(credit));
            double ready = 0;
            double tag = 0;
            int lastFlow = 0;
            foreach ((double gap, int flow, double size) in transfers)
            {
                ready += gap;
                tag = link.Enqueue(ready, flow, size);
                lastFlow = flow;
            }
            double estimate = link.DoneAt(tag);
            // The last transfer is the last one its flow reports.
            double reported = Drained(link).Last(d => d.Flow == lastFlow).At;
            Assert.Equal(estimate, reported, 1e-9 * reported + 1e-12);
        });
    }
}
