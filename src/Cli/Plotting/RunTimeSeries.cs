using FanoutSim.Model.Chat;
using FanoutSim.Model.Results;
using FanoutSim.Sim.Random;

namespace FanoutSim.Cli.Plotting;

/// <summary>Replays replication 0 of a scenario with sampling on: the same seed, so the same run `fanoutsim run` reports first.</summary>
internal static class RunTimeSeries
{
    public static TimeSeries Sample(Model.Scenario.Scenario scenario, double intervalSeconds)
    {
        var simulation = new ChatSimulation(scenario, RandomStreams.ReplicationSeed(scenario.Seed, 0)).SampleEvery(intervalSeconds);
        simulation.Run();
        return simulation.TimeSeries!;
    }

    public static string Write(Model.Scenario.Scenario scenario, string directory, double intervalSeconds = 1,
        int width = PlotStyle.DefaultWidth, int height = 900)
    {
        string path = Path.Combine(directory, $"{scenario.Name}-timeseries.png");
        TimeSeriesPlot.Write(Sample(scenario, intervalSeconds), path, width, height);
        return path;
    }
}
