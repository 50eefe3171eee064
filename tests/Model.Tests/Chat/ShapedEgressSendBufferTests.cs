using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// The send buffer of a held-back subscriber's socket (profile <c>redis_send_buffer_kb</c>, with per-iteration
/// writes): Redis' write to a socket pushes its unsent head only while the socket has room for it; past the buffer the
/// write fails (EAGAIN) and only the timer tries the head again. The default is Linux's initial 16 KiB.
/// </summary>
public class ShapedEgressSendBufferTests
{
    // 1 MB/s, no bucket; 10 kB copies plus 50 bytes of headers, MSS 16 kB; a 150-byte queue no copy fits, so every
    // write and every push is dropped and the subscribers stay held back.
    private const double CopyBytes = 10000;
    private const double HeaderBytes = 50;

    private static ShapedEgress Make(double sendBufferBytes) => Make(sendBufferBytes, new Simulator<ChatEvent>());

    private static ShapedEgress Make(double sendBufferBytes, Simulator<ChatEvent> simulator)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 150);
        var egress = new ShapedEgress(shaper, simulator, CopyBytes + HeaderBytes, 0.0001, 2,
            new BinnedAmount(0.001, 10), pacedRecovery: true, 10, OutputBufferLimit.RedisDefault,
            new CopySegments(CopyBytes, HeaderBytes, 16384), iterationWrites: true, localDrops: true,
            sendBufferBytes: sendBufferBytes);
        egress.Subscribe(0);
        egress.Subscribe(1);
        return egress;
    }

    /// <summary>Four iterations a millisecond apart, one message each, well before any timer.</summary>
    private static void FourIterations(ShapedEgress egress)
    {
        for (int message = 0; message < 4; message++)
        {
            double arrival = message * 0.001;
            egress.PublishInIteration(arrival, arrival + 1e-6, message, 2);
        }
        egress.WriteIterationsDueBy(0.01);
    }

    [Theory]
    // 16 KiB: the second iteration's write (10 kB held) pushes each socket; from the third on (20 kB held) the
    // writes fail and push nothing: one retry each.
    [InlineData(ShapedEgress.SendBufferBytes, 2)]
    // 4 MB (loopback with BBR): every later write pushes: three retries each.
    [InlineData(4e6, 6)]
    public void Redis_writes_push_a_held_back_socket_only_while_it_has_room(double sendBufferBytes, long retries)
    {
        ShapedEgress egress = Make(sendBufferBytes);

        FourIterations(egress);

        Assert.Equal(2, egress.Stalled);
        Assert.Equal(retries, egress.Retransmissions);
        Assert.Equal(0, egress.TimerRetries);
    }

    [Fact]
    public void A_held_back_socket_nothing_pushes_is_tried_by_its_timer_and_that_is_counted_apart()
    {
        var simulator = new Simulator<ChatEvent>();
        ShapedEgress egress = Make(ShapedEgress.SendBufferBytes, simulator);
        FourIterations(egress);
        long byWrites = egress.Retransmissions;

        // Each subscriber's timer fires once by 0.3 s (armed at its last failed push, 0.2 s on); the head still does
        // not fit, so the next try is the local probe interval later, past 0.3 s.
        while (simulator.TryNext(out ChatEvent e) && simulator.Now <= 0.3)
        {
            if (e.Kind == ChatEventKind.RedisRetransmit)
            {
                egress.Retransmit(e.Subscriber, simulator.Now, 4);
            }
        }

        Assert.Equal(2, egress.TimerRetries);
        Assert.Equal(byWrites + 2, egress.Retransmissions);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(3.0, true)]
    public void Timer_retries_are_in_the_json_only_when_counted(double? timerRetries, bool written)
    {
        var shaping = new FanoutSim.Model.Results.RedisShapingMetrics(10, 5, 2, 2) { TimerRetries = timerRetries };

        string json = System.Text.Json.JsonSerializer.Serialize(shaping, FanoutSim.Model.Results.RunReportJson.Options);

        Assert.Equal(written, json.Contains("\"timer_retries\"", StringComparison.Ordinal));
        Assert.Contains("\"retransmissions\"", json, StringComparison.Ordinal);
    }
}
