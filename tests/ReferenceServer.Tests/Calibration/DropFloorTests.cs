using System.Globalization;
using System.Text.RegularExpressions;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>drop-floor.py: what a perfect model would miss on the drop setups, given their repeats' scatter.</summary>
public sealed class DropFloorTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("drop-floor.py", TimeSpan.FromSeconds(120));
    private readonly string _dir = Directory.CreateTempSubdirectory("drop-floor-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "floor.md");

    [Fact]
    public async Task Each_setup_scatters_by_its_own_runs_and_a_setup_of_one_run_borrows_the_calm_setups_sd()
    {
        // n10-a: calm, 99 and 97 in one session (sd of one run 1.41, of the mean 1.0). n10-b: 60 and 80 in two
        // sessions (sd 14.14, of the mean 10.0). n10-c: one run, borrows a's 1.41. A contaminated run is left out.
        WriteRun("n10-a.json", 0.99, "s1");
        WriteRun("n10-a.r2.json", 0.97, "s1");
        WriteRun("n10-b.json", 0.60, "s1");
        WriteRun("n10-b.r2.json", 0.80, "s2");
        WriteRun("n10-c.json", 0.99, "s1");
        WriteRun("n10-c.r2.json", 0.10, "s1", contaminated: true);

        (int code, string log) = await s_script.RunAsync("--out", Out, _dir);

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        string prose = Regex.Replace(table, @"\s+", " ");
        Assert.Contains("| n10-b | 1 + 1 | 70.0 | 60.0, 80.0 | 14.1 | 10.0 |", table);
        Assert.Contains("| n10-c | 1 | 99.0 | 99.0 | - (1.4 lent) | 1.4 |", table);
        Assert.Contains("Left out as contaminated: ", table);
        Assert.Contains("n10-c.r2.json", table);
        // sqrt(2/pi) x (1.0 + 10.0 + 1.41) / 3 = 3.3 pp.
        Assert.Contains("| per setup (its own sd of one run) | 3.3 |", table);
        // floor.py's split: within a session a's two runs (1.41 on 1 dof); between sessions b's means, 200 - 2.
        Assert.Contains("(sd_w): 1.41 pp on 1 dof; between sessions (sd_b): 14.07 pp (1 setups in 2+ sessions)",
            prose);
        Assert.Contains("Scattering setups (own sd of one run >= 4 pp): n10-b (14.1 pp, 2 runs).", prose);
        // b alone at n runs: its sd of the mean 14.14 / sqrt(n) must fall far enough for the worst to meet 20 pp.
        Assert.Contains("| 2 | 3.3 / ", table);
        Assert.Matches(@"The floor first meets the goal at n = \d+\.", prose);
    }

    [Fact]
    public async Task More_repeats_of_the_scattering_setup_lower_the_floor_until_the_goal_is_met()
    {
        WriteRun("n10-a.json", 0.99, "s1");
        WriteRun("n10-a.r2.json", 0.97, "s1");
        WriteRun("n10-b.json", 0.60, "s1");
        WriteRun("n10-b.r2.json", 0.80, "s1");

        (int code, string log) = await s_script.RunAsync("--out", Out, "--goal", "3/5", _dir);

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        // b at 2 runs: 10.0 pp of the mean, far from 5 pp worst; at 30: 14.14 / sqrt(30) = 2.6 pp (mean of the
        // two setups' floor sqrt(2/pi) x (1.0 + 2.58) / 2 = 1.4 pp).
        Assert.Matches(@"\| 2 \| 4\.4 / [\d.]+ \| \d+% \| \d+% \| no \|", table);
        Assert.Matches(@"\| 30 \| 1\.4 / [\d.]+ \| \d+% \| \d+% \| yes \|", table);
        Assert.Contains("The floor first meets the goal at n = ", table);
    }

    [Fact]
    public async Task The_models_own_replication_scatter_adds_to_a_setup_means_sd()
    {
        WriteRun("n10-a.json", 0.99, "s1");
        WriteRun("n10-a.r2.json", 0.97, "s1");
        WriteRun("n10-b.json", 0.60, "s1");
        WriteRun("n10-b.r2.json", 0.80, "s1");

        // b: runs 14.14 / sqrt(2) = 10.0 pp, the model 14.14 / sqrt(2) = 10.0 pp: sqrt(200) = 14.1 pp.
        (int code, string log) = await s_script.RunAsync(
            "--out", Out, "--model-sd", "n10-b=14.142", "--model-replications", "2", _dir);

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        Assert.Contains("| n10-b | 2 | 70.0 | 60.0, 80.0 | 14.1 | 14.1 |", table);
        Assert.Contains("| n10-a | 2 | 98.0 | 99.0, 97.0 | 1.4 | 1.0 |", table);
    }

    [Fact]
    public async Task Two_folders_pool_a_setups_runs_and_each_later_folder_is_set_against_the_others()
    {
        // Folder old: a (calm, only here) and b at 60 and 70; folder new: b at 80 and 90, another session.
        string old = Directory.CreateDirectory(Path.Combine(_dir, "old")).FullName;
        string fresh = Directory.CreateDirectory(Path.Combine(_dir, "new")).FullName;
        WriteRun(Path.Combine("old", "n10-a.json"), 0.99, "s1");
        WriteRun(Path.Combine("old", "n10-a.r2.json"), 0.97, "s1");
        WriteRun(Path.Combine("old", "n10-b.json"), 0.60, "s1");
        WriteRun(Path.Combine("old", "n10-b.r2.json"), 0.70, "s1");
        WriteRun(Path.Combine("new", "n10-b.json"), 0.80, "s2");
        WriteRun(Path.Combine("new", "n10-b.r2.json"), 0.90, "s2");

        (int code, string log) = await s_script.RunAsync("--out", Out, old, fresh);

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        // b pools its four runs over both folders' sessions: mean 75, sd of one run 12.9.
        Assert.Contains("| n10-b | 2 + 2 | 75.0 | 60.0, 70.0, 80.0, 90.0 | 12.9 |", table);
        // new against old: +20 pp; the pooled sd about each folder's own mean is 7.07, so the difference's is
        // 7.07 x sqrt(1/2 + 1/2) = 7.1 (2.8 sds); 2 of the 6 splits of {60, 70, 80, 90} into pairs differ by 20.
        Assert.Contains($"| n10-b | {fresh} | 2 | 85.0 | 7.1 | 65.0 (2) | +20.0 | 7.1 | +2.8 | 0.33 |", table);
        // The first folder is the reference, not a row of its own; a setup of one folder has none.
        Assert.DoesNotContain($"| {old} |", table);
        Assert.DoesNotContain($"| n10-a | {fresh}", table);
    }

    [Fact]
    public async Task A_model_table_without_a_setup_is_one_line_naming_the_setup_and_exit_2()
    {
        WriteRun("n10-a.json", 0.99, "s1");
        WriteRun("n10-a.r2.json", 0.97, "s1");
        string errors = Path.Combine(_dir, "model.csv");
        File.WriteAllLines(errors, ["run,measured_ratio,abs_error_pp", "n10-z,0.9,1.0"]);

        (int code, string log) = await s_script.RunAsync("--errors", errors, _dir);

        Assert.Equal(2, code);
        Assert.Contains("no row for setup n10-a", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task A_run_file_without_a_delivery_ratio_names_the_file_and_exits_2()
    {
        File.WriteAllText(Path.Combine(_dir, "n10-a.json"), """{"metrics": {}}""");

        (int code, string log) = await s_script.RunAsync(_dir);

        Assert.Equal(2, code);
        Assert.Contains("n10-a.json: not a measured run", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task An_out_path_whose_folder_is_missing_is_refused_before_any_run_is_read_and_exits_2()
    {
        // The run file is unreadable too: the --out check must come first, so its error is the one reported.
        File.WriteAllText(Path.Combine(_dir, "n10-a.json"), """{"metrics": {}}""");
        string missing = Path.Combine(_dir, "no-such-folder", "floor.md");

        (int code, string log) = await s_script.RunAsync("--out", missing, _dir);

        Assert.Equal(2, code);
        Assert.Contains($"cannot write {missing}", log);
        Assert.DoesNotContain("n10-a.json", log);
        Assert.DoesNotContain("Traceback", log);
        Assert.Empty(Directory.GetFiles(_dir, ".floor.md.*", SearchOption.AllDirectories));
    }

    private void WriteRun(string name, double ratio, string session, bool contaminated = false) =>
        File.WriteAllText(Path.Combine(_dir, name), "{\"metrics\": {\"delivery_ratio\": "
            + ratio.ToString(CultureInfo.InvariantCulture) + "}, \"environment\": {\"network_namespace\": \""
            + session + "\", \"contaminated\": \"" + (contaminated ? "true" : "false") + "\"}}");
}
