using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>The in-run speed as a run report carries it: per-second timeline, environment keys, the warning.</summary>
public class InRunSpeedReportTests
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerTask, 1, 0.05, null,
        new Dictionary<string, string>());

    // cpuacct counts in nanoseconds: 10 ms on CPU 0 and 30 ms on CPU 1 in the first second, the other way round next.
    private static readonly LoadSample[] s_timeline =
    [
        new(0, 0, 0, 10, [1.0]) { ServerCpuacct = [[0, 0]] },
        new(1, 100, 1, 10, [1.04]) { ServerCpuacct = [[10_000_000, 30_000_000]] },
        new(2, 200, 2, 10, [1.08]) { ServerCpuacct = [[40_000_000, 40_000_000]] },
    ];

    private static RunReport Report(IReadOnlyList<SpeedSample> samples, string? probesServer = "1800000") =>
        LoadReportBuilder.Build(s_plan, s_labels,
            new LoadResult(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [new ServerCpu(1, 0.08)], null)
            {
                Timeline = s_timeline,
                SpeedSamples = samples,
                SpeedSamplerCpuSeconds = 0.01,
                SpeedSamplerWallSeconds = 2.5,
            },
            probesServer is null ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["speed_index_server"] = probesServer });

    private static readonly SpeedSample[] s_swapped =
    [
        new(0.3, 0, 2_400_000), new(0.8, 1, 1_200_000), new(1.3, 0, 1_200_000), new(1.8, 1, 2_400_000),
    ];

    [Fact]
    public void The_servers_speed_is_the_in_run_one_and_the_probes_rule_is_kept_beside_it()
    {
        RunReport report = Report(s_swapped);

        Assert.Equal("1500000", report.Environment["speed_index_server"]);
        Assert.Equal("1800000", report.Environment["speed_index_server_probes"]);
        Assert.StartsWith("in-run", report.Environment["speed_index_server_rule"], StringComparison.Ordinal);
        Assert.Equal("4", report.Environment["speed_samples"]);
        Assert.Equal("0.004", report.Environment["speed_sampler_cores"]);
    }

    [Fact]
    public void Each_second_carries_each_cpus_speed_and_the_servers_seconds_on_it()
    {
        IReadOnlyList<TimeSample> samples = Report(s_swapped).TimeSeries!.Samples;

        Assert.Equal(new double?[] { 2_400_000, 1_200_000 }, samples[0].CpuSpeed!);
        Assert.Equal(new[] { 0.01, 0.03 }, samples[0].ServerCpuSecondsPercpu!);
        Assert.Equal(new double?[] { 1_200_000, 2_400_000 }, samples[1].CpuSpeed!);
        Assert.Equal(new[] { 0.03, 0.01 }, samples[1].ServerCpuSecondsPercpu!);
    }

    [Fact]
    public void Without_the_sampler_nothing_changes()
    {
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels,
            new LoadResult(20, 200, 20, 0, 0, 0, [10.0], 2.0, 0.1, 2, false, [], null) { Timeline = s_timeline },
            new Dictionary<string, string> { ["speed_index_server"] = "1800000" });

        Assert.Equal("1800000", report.Environment["speed_index_server"]);
        Assert.DoesNotContain(report.Environment.Keys, k => k.StartsWith("speed_sampl", StringComparison.Ordinal));
        Assert.Null(report.TimeSeries!.Samples[0].CpuSpeed);
        Assert.DoesNotContain("cpu_speed", RunReportJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_speed_that_swung_within_the_run_is_flagged_and_warned()
    {
        var samples = new List<SpeedSample>();
        for (int s = 0; s < 10; s++)
        {
            samples.Add(new(s + 0.5, 0, s < 5 ? 2_400_000 : 1_300_000));
        }

        RunReport report = Report(samples);

        Assert.Equal("false", report.Environment["speed_in_run_steady"]);
        Assert.Contains("SPEED SWUNG", report.Environment["warnings"], StringComparison.Ordinal);
        Assert.Equal("true", Report(s_swapped).Environment["speed_in_run_steady"]);
    }

    [Fact]
    public void Each_cpus_robust_figures_and_the_pace_are_recorded()
    {
        RunReport report = Report(s_swapped);

        Assert.Equal("1800000 1800000", report.Environment["speed_in_run_cpus"]);
        // Two slices of each CPU say nothing of its noise: the timeline is not to be trusted.
        Assert.Equal("true", report.Environment["speed_in_run_noisy"]);
        Assert.StartsWith("5 ms every 1 s of the probe's work", report.Environment["speed_sampler"],
            StringComparison.Ordinal);
        Assert.True(report.Environment.ContainsKey("speed_in_run_noise"));
        Assert.True(report.Environment.ContainsKey("speed_in_run_spread"));
    }

    [Fact]
    public void A_timeline_too_short_to_tell_its_noise_says_so_instead_of_an_infinite_swing()
    {
        RunReport report = Report(s_swapped);

        Assert.Contains("speed timeline too short", report.Environment["warnings"], StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", report.Environment["warnings"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeline_whose_slices_scatter_is_flagged_noisy_and_not_swung()
    {
        // Every other slice 30 % above and below 2 M: the window medians differ by 46 %, all of it noise.
        var samples = new List<SpeedSample>();
        for (int s = 0; s < 30; s++)
        {
            samples.Add(new(s + 0.5, 0, s % 2 == 0 ? 2_600_000 : 1_400_000));
        }

        RunReport report = Report(samples);

        Assert.Equal("true", report.Environment["speed_in_run_noisy"]);
        Assert.Equal("true", report.Environment["speed_in_run_steady"]);
        Assert.DoesNotContain("SPEED SWUNG", report.Environment["warnings"], StringComparison.Ordinal);
        Assert.Contains("speed timeline noisy", report.Environment["warnings"], StringComparison.Ordinal);
    }
}
