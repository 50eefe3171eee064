namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// The per-second trace `calibrate --speed-rule in-run-trace` replays: each second's speed where the servers ran,
/// over the run's in-run index, so the servers' seconds weigh it to 1.
/// </summary>
public class RunSpeedInRunTraceTests
{
    [Fact]
    public void Each_second_is_its_server_weighted_speed_over_the_runs_index()
    {
        // Second 0 on the fast CPU, second 1 mostly on the slow one; the index weighs them by the servers' seconds.
        double?[][] speeds = [[2_400_000, 1_200_000], [2_400_000, 1_200_000]];
        double[][] seconds = [[0.04, 0], [0.01, 0.03]];
        double index = RunSpeed.InRun(speeds, seconds)!.Value;

        double[] trace = RunSpeed.InRunTrace(speeds, seconds, index);

        Assert.Equal(2_400_000 / index, trace[0], 12);
        Assert.Equal(1_500_000 / index, trace[1], 12);
        Assert.Equal(1, (trace[0] * 0.04 + trace[1] * 0.04) / 0.08, 12);
    }

    [Fact]
    public void A_second_without_the_servers_cpu_or_with_an_unknown_speed_reads_one()
    {
        double?[][] speeds = [[2_000_000, 1_000_000], [2_000_000, null], [1_000_000, 1_000_000]];
        double[][] seconds = [[0, 0], [0.01, 0.02], [0.02, 0]];

        Assert.Equal([1, 1, 0.5], RunSpeed.InRunTrace(speeds, seconds, 2_000_000));
    }
}
