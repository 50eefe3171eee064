using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>drop-variant-select.py: choosing an egress variant judged held out, fold by fold.</summary>
public sealed class DropVariantSelectTests : IDisposable
{
    private const string Header = "run,abs_error_pp";

    private static readonly CalibrationScript s_script = new("drop-variant-select.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("drop-variant-select-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_fold_takes_the_variant_best_on_the_others_and_is_judged_on_its_own_setups()
    {
        // Folds by sorted index mod 2: {s1, s3} and {s2, s4}. B is best over all four (3.0 / 6.0), but each fold's
        // training half prefers the variant that fails on the held-out half: B for {s1, s3}, A for {s2, s4}.
        Write("a.csv", Header, "s1,0", "s2,10", "s3,0", "s4,10");
        Write("b.csv", Header, "s1,6", "s2,0", "s3,6", "s4,0");

        (int code, string log) = await s_script.RunAsync("--folds", "2", _dir);

        Assert.True(code == 0, log);
        Assert.Contains("| best variant in-sample (b) | 3.0 / 6.0 |", log);
        Assert.Contains("| chosen on the other folds, 2 folds by setup (held out) | 8.0 / 10.0 |", log);
        Assert.Contains("- fold 1 (2 setups): b", log);
        Assert.Contains("- fold 2 (2 setups): a", log);
    }

    [Fact]
    public async Task Variants_over_different_setups_are_one_line_naming_the_variant_and_exit_2()
    {
        Write("a.csv", Header, "s1,0", "s2,10");
        Write("b.csv", Header, "s1,6", "s3,0");

        (int code, string log) = await s_script.RunAsync(_dir);

        Assert.Equal(2, code);
        Assert.Contains("b: its setups differ from the other variants'", log);
        Assert.DoesNotContain("Traceback", log);
    }

    [Fact]
    public async Task A_folder_without_variant_tables_is_exit_2()
    {
        (int code, string log) = await s_script.RunAsync(Path.Combine(_dir, "none"));

        Assert.Equal(2, code);
        Assert.Contains("no variant CSVs", log);
    }

    private void Write(string name, params string[] lines) => File.WriteAllLines(Path.Combine(_dir, name), lines);
}
