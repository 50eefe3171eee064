using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Load;

/// <summary>
/// The in-run sampler's pace (`load --speed-slice/--speed-every`, `probe --sample --slice/--every`) is checked before
/// anything runs: one line naming the option and what it expects, exit 2.
/// </summary>
public class LoadSpeedTimelineTests
{
    private static void AssertRefused(string[] args, string expected)
    {
        using var ws = new ScenarioWorkspace();
        CliProcess.Result result = CliProcess.Run(ws.Root, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void A_period_out_of_bounds_is_refused_before_the_run() => AssertRefused(
        ["load", "--url", "ws://127.0.0.1:9/ws/room", "--speed-timeline", "--speed-every", "5ms"],
        "--speed-every: got '5ms'; expected a period from 100 ms to 10 s");

    [Fact]
    public void A_pace_without_the_timeline_is_refused() => AssertRefused(
        ["load", "--url", "ws://127.0.0.1:9/ws/room", "--speed-slice", "5ms"],
        "--speed-slice and --speed-every go with --speed-timeline only");

    [Fact]
    public void The_sampler_alone_refuses_slices_that_cost_too_much() => AssertRefused(
        ["probe", "--sample", "--slice", "60ms", "--every", "1s"],
        "the slices alone would take 6 % of a core; at most 5 %");

    [Fact]
    public void A_slice_without_sample_is_refused() => AssertRefused(
        ["probe", "--slice", "5ms"], "--slice and --every go with --sample");
}
