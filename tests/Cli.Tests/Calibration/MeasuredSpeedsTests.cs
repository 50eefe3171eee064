using CsCheck;
using FanoutSim.Cli.Calibration;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>Each speed rule picks one of a run's indexes, falls back to the probes', and never invents one.</summary>
public class MeasuredSpeedsTests
{
    private static readonly MeasuredSpeeds s_all = new(null, 2_100_000, 2_300_000, 2_000_000);

    [Theory]
    [InlineData(SpeedRule.Probes, 2_100_000, SpeedSource.ProbesWhereRun)]
    [InlineData(SpeedRule.InRun, 2_300_000, SpeedSource.InRun)]
    [InlineData(SpeedRule.Machine, 2_000_000, SpeedSource.ProbesMachine)]
    public void Each_rule_picks_its_own_index(SpeedRule rule, double index, SpeedSource source) =>
        Assert.Equal(new SpeedPick(index, source), s_all.Pick(rule));

    [Fact]
    public void The_trace_rule_takes_the_in_run_index_and_says_so_only_with_a_trace()
    {
        Assert.Equal(new SpeedPick(2_300_000, SpeedSource.InRunTrace),
            (s_all with { InRunTrace = [1.1, 0.9] }).Pick(SpeedRule.InRunTrace));
        Assert.Equal(new SpeedPick(2_300_000, SpeedSource.InRun), s_all.Pick(SpeedRule.InRunTrace));
        Assert.Equal(new SpeedPick(2_100_000, SpeedSource.ProbesWhereRun),
            (s_all with { InRun = null }).Pick(SpeedRule.InRunTrace));
    }

    [Fact]
    public void The_none_rule_ignores_every_index() =>
        Assert.Equal(new SpeedPick(null, SpeedSource.Ignored), (s_all with { Stated = 1e6 }).Pick(SpeedRule.None));

    [Theory]
    [InlineData(SpeedRule.Probes)]
    [InlineData(SpeedRule.InRun)]
    [InlineData(SpeedRule.Machine)]
    public void A_stated_speed_is_the_runs_whatever_the_rule(SpeedRule rule) =>
        Assert.Equal(new SpeedPick(1_000_000, SpeedSource.Stated), (s_all with { Stated = 1_000_000 }).Pick(rule));

    [Fact]
    public void Without_its_own_index_a_rule_falls_back_to_the_probes()
    {
        var probesOnly = new MeasuredSpeeds(null, null, null, 2_000_000);
        Assert.Equal(new SpeedPick(2_100_000, SpeedSource.ProbesWhereRun),
            (s_all with { InRun = null }).Pick(SpeedRule.InRun));
        Assert.Equal(new SpeedPick(2_000_000, SpeedSource.ProbesMachine), probesOnly.Pick(SpeedRule.Probes));
        Assert.Equal(new SpeedPick(2_000_000, SpeedSource.ProbesMachine), probesOnly.Pick(SpeedRule.InRun));
    }

    [Fact]
    public void A_run_with_no_index_stays_unknown() =>
        Assert.Equal(new SpeedPick(null, SpeedSource.Unknown), MeasuredSpeeds.StatedOnly(null).Pick(SpeedRule.Probes));

    [Fact]
    public void The_reference_rule_is_the_anchor_speed_times_the_anchor_reference_over_the_runs()
    {
        // Anchors at 30 us per copy stand for speed 2,000,000; a run whose servers spent 40 ran 3/4 as fast.
        var anchor = new ReferenceAnchor(2_000_000, 30);
        Assert.Equal(new SpeedPick(1_500_000, SpeedSource.Reference),
            (s_all with { ReferenceUsPerCopy = 40 }).Pick(SpeedRule.Reference, anchor));
    }

    [Fact]
    public void The_reference_rule_never_falls_back_to_another_index()
    {
        Assert.Equal(new SpeedPick(null, SpeedSource.Unknown),
            s_all.Pick(SpeedRule.Reference, new ReferenceAnchor(2_000_000, 30)));
        Assert.Equal(new SpeedPick(null, SpeedSource.Unknown),
            (s_all with { ReferenceUsPerCopy = 40 }).Pick(SpeedRule.Reference));
        Assert.Equal(new SpeedPick(1_000_000, SpeedSource.Stated),
            (s_all with { Stated = 1_000_000 }).Pick(SpeedRule.Reference));
    }

    [Fact]
    public void The_reference_speed_scales_inversely_with_the_runs_reference() =>
        Gen.Select(Gen.Double[1e5, 1e7], Gen.Double[1, 200], Gen.Double[1, 200], Gen.Double[0.1, 10])
            .Sample((speed, anchor, own, k) =>
            {
                double At(double reference) => (s_all with { ReferenceUsPerCopy = reference })
                    .Pick(SpeedRule.Reference, new ReferenceAnchor(speed, anchor)).Index!.Value;
                double ratio = At(own * k) * k / At(own);
                return Math.Abs(ratio - 1) < 1e-12 && (own > anchor ? At(own) < speed : At(own) >= speed);
            });

    [Fact]
    public void The_default_rule_is_the_in_run_sampler() => Assert.Equal(SpeedRule.InRun, SpeedRuleText.Default);
}
