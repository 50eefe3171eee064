using FanoutSim.Cli.Files;
using FanoutSim.Cli.Sweeps;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// YAML, --set, --vary and `load` options read durations with one grammar: same strings, same seconds.
/// </summary>
public class DurationSurfacesTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("1s", 1.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("250000us", 0.25)]
    [InlineData("2m", 120.0)]
    [InlineData("1h", 3600.0)]
    [InlineData("abc", null)]
    [InlineData("1S", null)]
    [InlineData("500MS", null)]
    [InlineData("1d", null)]
    [InlineData("NaN", null)]
    public void Yaml_set_vary_and_load_accept_the_same_durations(string text, double? seconds)
    {
        using var ws = new ScenarioWorkspace();
        string yaml = ws.Write("yaml.yaml",
            ScenarioWorkspace.SmallRoom.Replace("interval: 1s", "interval: " + text, StringComparison.Ordinal));
        string plain = ws.Write("plain.yaml", ScenarioWorkspace.SmallRoom);
        double? fromYaml = Try(() => ScenarioFile.Load(yaml).Workload.IntervalSeconds);
        double? fromSet = Try(() => ScenarioFile.Load(plain,
            overrides: new Dictionary<string, string> { ["interval"] = text }).Workload.IntervalSeconds);
        double? fromVary = Try(() => double.Parse(SweepAxis.Parse($"interval={text}..{text}").Values[0],
            System.Globalization.CultureInfo.InvariantCulture));
        LoadArguments.Validated? load =
            new LoadArguments { Urls = ["ws://127.0.0.1:5001/ws/r"], Interval = text }.Validate(out _);
        double? fromLoad = load?.Plan.Interval.TotalSeconds;
        Assert.Equal((seconds, seconds, seconds, seconds),
            (Round(fromYaml), Round(fromSet), Round(fromVary), Round(fromLoad)));
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 9) : null;

    private static double? Try(Func<double> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InputException or UsageException)
        {
            return null;
        }
    }
}
