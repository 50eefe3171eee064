using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-runs-al/connect-phases/phases.py: a connect's time split into the handler's join and accept and
/// what comes before the handler, and counted in PUBLISH waits (turns of the loop).</summary>
public sealed class ConnectPhasesTests : IDisposable
{
    private static readonly CalibrationScript s_script =
        new("python-runs-al/connect-phases/phases.py", TimeSpan.FromSeconds(60));

    private readonly string _dir = Directory.CreateTempSubdirectory("connect-phases-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_connect_is_split_into_its_phases_and_counted_in_publish_waits_busiest_last()
    {
        // 4 joins of 120 ms joining and 20 ms accepting in a 400 ms connect; 10 PUBLISHes waiting 100 ms each.
        Run("busy.json", 0.5, 0.4, joins: 4, joinNs: 480_000_000, acceptNs: 80_000_000, published: 10,
            publishNs: 1_000_000_000);
        Run("calm.json", 0.99, 0.01, joins: 2, joinNs: 8_000_000, acceptNs: 2_000_000, published: 5, publishNs: 0);

        (int code, string output) = await s_script.RunAsync(_dir);

        Assert.True(code == 0, output);
        Assert.Contains("| busy | 50.0 | 400 | 120 | 20 | 260 | 100 | 4.0 |", output);
        Assert.Contains("| calm | 99.0 | 10 | 4 | 1 | 5 | 0 | - |", output);
        Assert.True(output.IndexOf("| calm |", StringComparison.Ordinal)
            < output.IndexOf("| busy |", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_without_the_counters_or_a_missing_folder_is_one_line_and_exit_2()
    {
        File.WriteAllText(Path.Combine(_dir, "old.json"), """{"metrics": {"delivery_ratio": 0.5, "ws_connecting": """
            + """{"avg": 0.1}}, "server_counters": {"settled": {}}}""");

        (int old, string log1) = await s_script.RunAsync(_dir);
        (int missing, string log2) = await s_script.RunAsync(Path.Combine(_dir, "none"));

        Assert.Equal(2, old);
        Assert.Contains("old.json: no joins", log1);
        Assert.Equal(2, missing);
        Assert.Contains("no such folder", log2);
        Assert.DoesNotContain("Traceback", log1 + log2);
    }

    private void Run(string name, double ratio, double connectSeconds, int joins, long joinNs, long acceptNs,
        int published, long publishNs) =>
        File.WriteAllText(Path.Combine(_dir, name), "{\"metrics\": {\"delivery_ratio\": " + N(ratio)
            + ", \"ws_connecting\": {\"avg\": " + N(connectSeconds) + "}}, \"server_counters\": {\"settled\": "
            + "{\"joins\": " + N(joins) + ", \"join_wall_ns\": " + N(joinNs) + ", \"accept_wall_ns\": " + N(acceptNs)
            + ", \"published\": " + N(published) + ", \"publish_wall_ns\": " + N(publishNs) + "}}}");

    private static string N(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
