using System.Globalization;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-pooled/speed-residuals.py: a profile's misses of single runs by band of the speed each run was
/// predicted at, the knee runs only.</summary>
public sealed class SpeedResidualsTests : IDisposable
{
    private static readonly CalibrationScript s_script =
        new("python-pooled/speed-residuals.py", TimeSpan.FromSeconds(60));

    private readonly string _dir = Directory.CreateTempSubdirectory("speed-residuals-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_knee_runs_miss_falls_in_its_speed_band_and_comfortable_runs_are_left_out()
    {
        // Two slow runs missed low by 6 and 4 pp, a fast one high by 2, one comfortable everywhere (left out).
        Run("s1", "py-n10.json", 1.6e6, "per-connection");
        Run("s1", "py-n10.r2.json", 1.5e6, "per-task");
        Run("s1", "py-n20.json", 2.6e6, "per-connection");
        Run("s1", "py-n30.json", 2.1e6, "per-connection");
        Table((Key("py-n10", 1), 0.80, 0.74), (Key("py-n10", 2), 0.70, 0.66), (Key("py-n20", 1), 0.60, 0.62),
            (Key("py-n30", 1), 0.99, 0.995));

        (int code, string output) = await s_script.RunAsync("--residuals", Csv, Folder("s1"));

        Assert.True(code == 0, output);
        Assert.Contains("| < 1.7 | 2 | +5.0 | 5.0 |", output);
        Assert.Contains("| < 1.7, per-connection | 1 | +6.0 | 6.0 |", output);
        Assert.Contains("| < 1.7, per-task | 1 | +4.0 | 4.0 |", output);
        Assert.Contains("| 2.0-2.3 | 0 | - | - |", output);
        Assert.Contains("| >= 2.5 | 1 | -2.0 | 2.0 |", output);
        Assert.Contains("| all | 3 | +2.7 | 4.0 |", output);
    }

    [Fact]
    public async Task A_run_the_table_does_not_name_or_a_missing_folder_is_one_line_and_exit_2()
    {
        Run("s1", "py-n10.json", 2e6, "per-task");
        Table((Key("py-n20", 1), 0.5, 0.5));

        (int unnamed, string log1) = await s_script.RunAsync("--residuals", Csv, Folder("s1"));
        (int missing, string log2) = await s_script.RunAsync("--residuals", Csv, Folder("none"));

        Assert.Equal(2, unnamed);
        Assert.Contains($"{Key("py-n10", 1)} is not in the table", log1);
        Assert.Equal(2, missing);
        Assert.Contains("no run files", log2);
        Assert.DoesNotContain("Traceback", log1 + log2);
    }

    private string Csv => Path.Combine(_dir, "t.csv");

    // floor.py's name of a copy: a folder not directly under calibration/ is PARENT-FOLDER, here the temp folder's.
    private string Key(string setup, int repeat) => $"{Path.GetFileName(_dir)}-s1__{setup}__r{repeat}";

    private string Folder(string name) => Path.Combine(_dir, name);

    private void Table(params (string Run, double Measured, double Predicted)[] rows) =>
        File.WriteAllLines(Csv, ["run,measured_ratio,predicted_ratio", .. rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Run},{r.Measured},{r.Predicted}"))]);

    private void Run(string folder, string name, double speed, string mode)
    {
        string dir = Path.Combine(_dir, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), "{\"setup\": {\"name\": \"x\", \"subscription\": \"" + mode
            + "\"}, \"metrics\": {\"delivery_ratio\": 0.5}, \"environment\": {\"contaminated\": \"false\", "
            + "\"speed_index_server\": \"" + speed.ToString(CultureInfo.InvariantCulture) + "\"}}");
    }
}
