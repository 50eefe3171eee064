using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Redis' CPU per socket write (profile <c>redis_write_cpu</c>, with per-iteration writes): an iteration's writes
/// take Redis' one thread, so what arrives while they are made is read by the next iteration, whose writes carry
/// more copies each; 0 (the default) changes nothing (calibration/drop-anatomy-aligned.md).
/// </summary>
public class ShapedEgressWriteCpuTests
{
    // 1 MB/s, no bucket, a 1 MB queue; copies of 100 bytes plus 50 of headers, segments of 1,000 bytes.
    private static readonly CopySegments s_segments = new(100, 50, 1000);

    private static (ShapedEgress Egress, BurstShaper Shaper) Make(int subscribers, double writeCpu)
    {
        var shaper = new BurstShaper(1e6, 1e6, 0, 0, 0, 1e6);
        var egress = new ShapedEgress(shaper, new Simulator<ChatEvent>(), 150, 0.0001, subscribers,
            new BinnedAmount(0.001, 10), pacedRecovery: true, 10, OutputBufferLimit.RedisDefault, s_segments,
            iterationWrites: true, localDrops: true, writeCpuSeconds: writeCpu);
        for (int s = 0; s < subscribers; s++)
        {
            egress.Subscribe(s);
        }
        return (egress, shaper);
    }

    [Theory]
    [InlineData(0, 9, 0.000101)]
    [InlineData(0.0001, 6, 0.000301)]
    public void Writes_that_take_redis_cpu_group_the_publishes_that_arrive_meanwhile_into_one_iteration(
        double writeCpu, int packets, double secondLeaves)
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(3, writeCpu);

        // Message 0 finds Redis idle (done at 1 us); message 1 arrives at 10 us, after that iteration began, so the
        // first iteration's three writes are made then: 300 us of Redis CPU at 100 us a write.
        egress.PublishInIteration(0, 1e-6, 0, 3);
        egress.PublishInIteration(1e-5, 1.1e-5, 1, 3);
        // Message 2 arrives at 100 us: without a write cost the second iteration (begun at 10 us) has started and it
        // is read by a third; with it the second has not begun (301 us) and reads both.
        double leaves = egress.PublishInIteration(1e-4, 1.01e-4, 2, 3);
        egress.WriteIterationsDueBy(0.01);

        // One segment per subscriber per iteration: three iterations (9 packets) or two (6).
        Assert.Equal(packets, shaper.PacketsOffered);
        Assert.Equal(secondLeaves, leaves, 9);
        Assert.Equal(0, shaper.PacketsDropped);
    }

    [Fact]
    public void An_iteration_waiting_for_earlier_writes_is_due_once_it_has_begun()
    {
        (ShapedEgress egress, BurstShaper shaper) = Make(2, 0.0001);
        egress.PublishInIteration(0, 1e-6, 0, 2);
        double leaves = egress.PublishInIteration(1e-5, 1.1e-5, 1, 2);

        // The first iteration's two writes end at 201 us: the second begins and is written then, not before.
        Assert.Equal(0.000201, leaves, 9);
        egress.WriteIterationsDueBy(0.0002);
        Assert.Equal(2, shaper.PacketsOffered);
        egress.WriteIterationsDueBy(0.000201);
        Assert.Equal(4, shaper.PacketsOffered);
    }

    [Fact]
    public void The_key_is_optional_and_refuses_a_negative_cost()
    {
        ProfileField field = ProfileFields.Find("redis_write_cpu")!;
        Assert.Equal(0, field.Get(TestScenarios.Python));
        Assert.False(field.Written(TestScenarios.Python));
        Assert.True(field.TryParse("6us", out double value, out _));
        Assert.Equal(6e-6, value, 12);
        Assert.True(field.Bounds.Contains(value));
        Assert.False(field.Bounds.Contains(-6e-6));
    }
}
