using System.Globalization;
using System.Text.RegularExpressions;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>calibration/python-id-call-bench.py: the CPU of the replica's id call against the sleep before it, on its
/// own id service.</summary>
public sealed partial class IdCallBenchTests
{
    private static readonly CalibrationScript s_script = new("python-id-call-bench.py", TimeSpan.FromSeconds(120));

    [Theory]
    [InlineData("sleep")]
    [InlineData("work")]
    public async Task A_small_run_reports_a_calls_cpu_for_each_gap(string between)
    {
        (int code, string output) = await s_script.RunAsync("--calls", "3", "--gaps", "0,0.001", "--repeats", "2",
            "--between", between);

        Assert.True(code == 0, output);
        // A new channel and a blocking call: never free, whatever the gap.
        Assert.True(Mean(output, "0.0") > 0, output);
        Assert.True(Mean(output, "1.0") > 0, output);
        Assert.Contains("(2 rows of 3)", output);
        Assert.Contains($"between calls: {between}", output);
        Assert.DoesNotContain("Traceback", output);
    }

    [Theory]
    [InlineData("--calls", "x", "--calls and --repeats expect whole numbers")]
    [InlineData("--gaps", "0,-1", "every gap at least 0")]
    [InlineData("--between", "nap", "--between is sleep or work, not 'nap'")]
    [InlineData("--frobnicate", "1", "usage: python-id-call-bench.py [--calls N]")]
    public async Task Bad_arguments_are_one_line_and_exit_2_before_anything_starts(string flag, string value,
        string expected)
    {
        await s_script.AssertRefusedAsync(expected, flag, value);
    }

    // "gap     1.0 ms: id call CPU mean  2.615 ms ..." -> 2.615 (NaN when the line is missing).
    private static double Mean(string output, string gapMs)
    {
        foreach (string line in output.Split(" | "))
        {
            Match m = GapLine().Match(line);
            if (m.Success && m.Groups["gap"].Value == gapMs)
            {
                return double.Parse(m.Groups["mean"].Value, CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }

    [GeneratedRegex(@"^gap\s+(?<gap>[0-9.]+) ms: id call CPU mean\s+(?<mean>-?[0-9.]+) ms")]
    private static partial Regex GapLine();
}
