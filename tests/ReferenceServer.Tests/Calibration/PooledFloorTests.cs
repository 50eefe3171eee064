using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-pooled/floor.py: what a perfect model of a pooled Python dataset would miss, given the runs'
/// scatter within and between measuring sessions (one folder each).</summary>
public sealed class PooledFloorTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("python-pooled/floor.py", TimeSpan.FromSeconds(120));
    private readonly string _dir = Directory.CreateTempSubdirectory("pooled-floor-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Two_sessions_in_folders_of_one_name_stay_two_sessions()
    {
        // af/session and ag/session, as calibration/python-runs-af/session and -ag/session: one setup in both.
        Run("af/session", "py-n10.json", 0.70);
        Run("af/session", "py-n10.r2.json", 0.72);
        Run("ag/session", "py-n10.json", 0.80);
        string copies = Path.Combine(_dir, "copies");

        (int code, string log) =
            await s_script.RunAsync("--copies", copies, Folder("af/session"), Folder("ag/session"));

        Assert.True(code == 0, log);
        Assert.Equal(["af-session__py-n10__r1.json", "af-session__py-n10__r2.json", "ag-session__py-n10__r1.json"],
            Directory.GetFiles(copies).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task The_floor_of_every_sessions_means_together_is_given_beside_each_sessions()
    {
        // Two sessions of two setups, two runs each: every session-setup mean scatters by sd_w / sqrt(2).
        foreach ((string session, double shift) in new[] { ("s1", 0.0), ("s2", 0.02) })
        {
            Run(session, "py-n10.json", 0.70 + shift);
            Run(session, "py-n10.r2.json", 0.74 + shift);
            Run(session, "py-n20.json", 0.50 + shift);
            Run(session, "py-n20.r2.json", 0.54 + shift);
        }
        string output = Path.Combine(_dir, "floor.md");

        (int code, string log) = await s_script.RunAsync("--out", output, Folder("s1"), Folder("s2"));

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("| one session's means (", text);
        string together = text.Split('\n').Single(l => l.StartsWith("| every session's means together (4 ",
            StringComparison.Ordinal));
        // sd_w = 2.83 pp (each pair 4 pp apart); sd_b = 0 (the session means, 2 pp apart, vary less than sd_w alone
        // explains): each mean scatters by 2.83 / sqrt(2) = 2 pp, so the mean |miss| is sqrt(2 / pi) x 2 = 1.6.
        Assert.Contains("| 1.6 |", together);
        // All four of two runs: the split gives them all to the means of one or two runs.
        Assert.Contains("| every session's means of one or two runs (4) | 1.6 |", text);
        Assert.DoesNotContain("three or more runs", text);
    }

    [Fact]
    public async Task Every_sessions_means_are_split_by_how_many_runs_a_session_gave_a_setup()
    {
        // One session of three runs a setup and one of a single run: sd_w 2 pp (the triple 2 pp apart each step).
        Run("s1", "py-n10.json", 0.70);
        Run("s1", "py-n10.r2.json", 0.72);
        Run("s1", "py-n10.r3.json", 0.74);
        Run("s2", "py-n10.json", 0.72);
        string output = Path.Combine(_dir, "floor.md");

        (int code, string log) = await s_script.RunAsync("--out", output, Folder("s1"), Folder("s2"));

        Assert.True(code == 0, log);
        string text = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        // sd_b = 0: the three-run mean scatters by 2 / sqrt(3) = 1.15 pp (mean |miss| 0.9), the single run by 2 (1.6).
        Assert.Contains("| every session's means of three or more runs (1) | 0.9 |", text);
        Assert.Contains("| every session's means of one or two runs (1) | 1.6 |", text);
        Assert.Contains("| every session's means of three or more runs (1)", log);
    }

    [Fact]
    public async Task An_unwritable_output_is_one_line_and_exit_3_and_a_folder_without_runs_exit_2()
    {
        Run("s1", "py-n10.json", 0.5);

        (int unwritable, string log3) =
            await s_script.RunAsync("--out", Path.Combine(_dir, "missing", "floor.md"), Folder("s1"));
        (int empty, string log2) = await s_script.RunAsync("--out", Path.Combine(_dir, "floor.md"), Folder("none"));

        Assert.Equal(3, unwritable);
        Assert.Contains("cannot write", log3);
        Assert.Equal(2, empty);
        Assert.Contains("no run files", log2);
        Assert.DoesNotContain("Traceback", log2 + log3);
    }

    private string Folder(string name) => Path.Combine(_dir, name);

    private void Run(string folder, string name, double ratio)
    {
        string dir = Path.Combine(_dir, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), "{\"setup\": {\"name\": \"x\"}, \"metrics\": {\"delivery_ratio\": "
            + ratio.ToString(CultureInfo.InvariantCulture) + "}, \"environment\": {\"contaminated\": \"false\"}}");
    }
}
