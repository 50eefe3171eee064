using System.Globalization;
using System.Text.RegularExpressions;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>calibration/python-connect-bench.py: the replica's CPU per connect and per close, measured on its own
/// redis-server, id service and server.</summary>
public sealed partial class ConnectBenchTests
{
    private static readonly CalibrationScript s_script = new("python-connect-bench.py", TimeSpan.FromSeconds(120));

    [Fact]
    public async Task A_small_run_reports_a_connects_cpu_and_both_walls_for_each_mode()
    {
        (int code, string output) = await s_script.RunAsync("--repeats", "1", "--batch", "5", "--cycles", "10");

        Assert.True(code == 0, output);
        foreach (string mode in (string[])["per-connection", "per-task"])
        {
            // A connect opens a Redis client and SUBSCRIBEs (per connection) or joins a room: never free.
            Assert.True(Mean(output, $"{mode} B=5 connect") > 0, output);
            // Dialling and hanging up take a loopback round trip at least; the bench's own clock says so.
            Assert.True(Mean(output, $"{mode} B=5 connect wall") > 0, output);
            Assert.True(Mean(output, $"{mode} B=5 close wall") > 0, output);
            // The close's CPU is what is left after the idle rate and the counter reads: a number, whatever its sign.
            Assert.False(double.IsNaN(Mean(output, $"{mode} B=5 close")), output);
        }
        Assert.DoesNotContain("Traceback", output);
    }

    [Theory]
    [InlineData("--batch", "x", "--batch expects integers")]
    [InlineData("--cycles", "0", "at least 1")]
    [InlineData("--frobnicate", "1", "python-connect-bench.py [--repeats")]
    public async Task Bad_arguments_are_one_line_and_exit_2_before_anything_starts(string flag, string value,
        string expected)
    {
        await s_script.AssertRefusedAsync(expected, flag, value);
    }

    // "  per-task B=5 connect wall    mean   3.982 ms  sd ..." -> 3.982 (NaN when the line is missing).
    private static double Mean(string output, string name)
    {
        foreach (string line in output.Split(" | "))
        {
            Match m = MeanLine().Match(line);
            if (m.Success && m.Groups["name"].Value.Trim() == name)
            {
                return double.Parse(m.Groups["mean"].Value, CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }

    [GeneratedRegex(@"^\s*(?<name>\S.*?)\s+mean\s+(?<mean>-?[0-9.]+) ms")]
    private static partial Regex MeanLine();
}
