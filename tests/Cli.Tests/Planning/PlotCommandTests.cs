using FanoutSim.Model.Results;
using SkiaSharp;

namespace FanoutSim.Cli.Tests.Planning;

[Collection("cli")]
public class PlotCommandTests
{
    private static void AssertPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
    }

    [Fact]
    public void A_sweep_over_users_and_tasks_draws_three_pngs_of_the_requested_size()
    {
        using var cli = new CliHarness();
        Assert.Equal(0,
            cli.Run("sweep", cli.Scenario(), "--vary", "users=10,20,30", "--vary", "tasks=1,2", "-r", "2", "-o",
                cli.Path("grid")).Code);
        (int code, string? output, string _) = cli.Run("plot", cli.Path("grid.json"), "-o", cli.Path("png"), "--width",
            "640", "--height", "400");
        Assert.Equal(0, code);
        AssertPng(cli.Path("png/tiny-ratio-vs-users.png"), 640, 400);
        AssertPng(cli.Path("png/tiny-delivered-vs-tasks.png"), 640, 400);
        AssertPng(cli.Path("png/tiny-ratio-heatmap.png"), 640, 400);
        Assert.Contains("ratio-heatmap", output);
    }

    [Fact]
    public void A_scenario_draws_its_time_series()
    {
        using var cli = new CliHarness();
        Assert.Equal(0,
            cli.Run("plot", cli.Scenario(), "-o", cli.Path("png"), "--width", "800", "--height", "700").Code);
        AssertPng(cli.Path("png/tiny-timeseries.png"), 800, 700);
    }

    [Fact]
    public void Run_with_plot_draws_the_time_series_too()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, cli.Run("run", cli.Scenario(), "--plot", cli.Path("png")).Code);
        AssertPng(cli.Path("png/tiny-timeseries.png"), 1000, 900);
    }

    [Fact]
    public void A_measured_run_file_draws_its_timeline_and_one_without_a_timeline_is_refused()
    {
        using var cli = new CliHarness();
        RunReport report = Calibration.RunFiles.Measured("real", 20, 0.9);
        var samples = Enumerable.Range(1, 12)
            .Select(t => new FanoutSim.Model.Results.TimeSample(t, [], [0.8], 0, 0, 400, 20, t < 11 ? 20 : 0)).ToList();
        File.WriteAllText(cli.Path("real.json"), FanoutSim.Model.Results.RunReportJson.Serialize(report with
        {
            TimeSeries = new FanoutSim.Model.Results.TimeSeries("real", 1, samples,
                FanoutSim.Model.Results.RunReport.MeasuredSource),
        }));
        File.WriteAllText(cli.Path("old.json"), FanoutSim.Model.Results.RunReportJson.Serialize(report));

        Assert.Equal(0,
            cli.Run("plot", cli.Path("real.json"), "-o", cli.Path("png"), "--width", "700", "--height", "600").Code);
        AssertPng(cli.Path("png/real-timeseries.png"), 700, 600);

        (int code, string _, string? error) = cli.Run("plot", cli.Path("old.json"), "-o", cli.Path("png2"));
        Assert.Equal(2, code);
        Assert.Contains("has no time_series", error);
        Assert.False(Directory.Exists(cli.Path("png2")));
    }

    [Fact]
    public void Bad_plot_input_exits_2_and_writes_nothing()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("junk.json"), "{\"schema\": \"something else\"}");
        Assert.Equal(2, cli.Run("plot", cli.Path("junk.json"), "-o", cli.Path("png")).Code);
        Assert.Equal(2, cli.Run("plot", cli.Path("missing.json"), "-o", cli.Path("png")).Code);
        Assert.Equal(2, cli.Run("plot", cli.Scenario(), "-o", cli.Path("png"), "--width", "5").Code);
        Assert.False(Directory.Exists(cli.Path("png")));
    }
}
