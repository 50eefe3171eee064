using FanoutSim.Cli.Calibration;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// Run files that measured one setup several times are fitted as one case: their mean, with their spread kept.
/// </summary>
public class RepeatedRunsTests
{
    private static CalibrationRun Read(RunReport report, string file) =>
        MeasuredRunFile.Read(file, RunReportJson.Serialize(report));

    /// <summary>The report as measured on a host of <paramref name="mhz"/> (null: a file that records no kind).
    /// </summary>
    private static RunReport On(RunReport report, double? mhz, string model = "AMD EPYC") =>
        mhz is null
            ? report
            : report with
            {
                Environment = new Dictionary<string, string>(report.Environment!)
                {
                    ["cpu_model"] = model,
                    ["machine_nproc"] = "2",
                    ["cpu_mhz"] = mhz.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            };

    [Fact]
    public void Repeats_of_one_setup_become_one_run_with_the_mean_ratio_and_their_range()
    {
        CalibrationRun[] runs = new[]
        {
            Read(RunFiles.Measured("sat", 100, 0.60), "sat.json"),
            Read(RunFiles.Measured("sat", 100, 0.80), "sat.r2.json"),
            Read(RunFiles.Measured("sat", 100, 0.70), "sat.r3.json"),
            Read(RunFiles.Measured("easy", 20, 0.99), "easy.json"),
        };

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        Assert.Empty(outcome.Problems);
        Assert.Equal(2, outcome.Runs.Count);
        CalibrationRun sat = outcome.Runs.Single(r => r.Name == "sat");
        Assert.Equal(3, sat.RepeatCount);
        Assert.Equal(0.70, sat.Observed.DeliveryRatio, 3);
        Assert.Equal(0.60, sat.RatioRange.Min, 3);
        Assert.Equal(0.80, sat.RatioRange.Max, 3);
        Assert.Equal(runs.Take(3).Average(r => r.Observed.DeliveredPerSecond!.Value),
            sat.Observed.DeliveredPerSecond!.Value, 6);
        Assert.Equal(runs.Take(3).Sum(r => r.Sent), sat.Sent);
        CalibrationRun easy = outcome.Runs.Single(r => r.Name == "easy");
        Assert.Equal(1, easy.RepeatCount);
        Assert.Equal(0.99, easy.Observed.DeliveryRatio, 3);
    }

    [Fact]
    public void A_name_reused_for_a_different_setup_is_rejected_by_file()
    {
        CalibrationRun[] runs = new[]
        {
            Read(RunFiles.Measured("same", 100, 0.9, vcpu: 0.25), "a.json"),
            Read(RunFiles.Measured("same", 100, 0.9, vcpu: 0.5), "b.json"),
        };

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        RunFileException problem = Assert.Single(outcome.Problems);
        Assert.Equal("b.json", problem.File);
        Assert.Contains("different setup", problem.Message);
        Assert.Contains("0.5 cores", problem.Message);
        Assert.DoesNotContain(outcome.Runs, r => r.Name == "same");
    }

    /// <summary>The report with these environment entries added (server_env, server_cpus).</summary>
    private static RunReport With(RunReport report, params (string Key, string Value)[] entries)
    {
        var environment = new Dictionary<string, string>(report.Environment!);
        foreach ((string key, string value) in entries)
        {
            environment[key] = value;
        }
        return report with { Environment = environment };
    }

    [Fact]
    public void A_name_reused_with_other_server_settings_is_rejected_by_file_naming_both()
    {
        CalibrationRun[] runs =
        [
            Read(With(RunFiles.Measured("same", 100, 0.9), ("server_cpus", "machine"), ("server_env", "none")),
                "u/same.json"),
            Read(With(RunFiles.Measured("same", 100, 0.5), ("server_cpus", "machine (DOTNET_X=0)"),
                ("server_env", "DOTNET_X=0")), "spin0/same.json"),
        ];

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        RunFileException problem = Assert.Single(outcome.Problems);
        Assert.Equal("spin0/same.json", problem.File);
        Assert.Contains("is also used by u/same.json with a different setup", problem.Message);
        Assert.Contains("server settings DOTNET_X=0 vs", problem.Message);
        Assert.EndsWith("server settings none); repeats must match, other runs need their own names",
            problem.Message);
        Assert.Empty(outcome.Runs);
    }

    [Fact]
    public void A_file_written_before_server_env_is_read_from_the_brackets_of_server_cpus()
    {
        RunReport old = With(RunFiles.Measured("spin", 100, 0.6),
            ("server_cpus", "machine (DOTNET_B=1 DOTNET_A=0)"));
        RunReport recorded = With(RunFiles.Measured("spin", 100, 0.8),
            ("server_cpus", "machine (DOTNET_A=0 DOTNET_B=1)"), ("server_env", "DOTNET_A=0 DOTNET_B=1"));
        RunReport plain = With(RunFiles.Measured("spin", 100, 0.9), ("server_cpus", "machine"));

        CalibrationInputs.Outcome repeats = RepeatedRuns.Join([Read(old, "a.json"), Read(recorded, "b.json")]);
        CalibrationInputs.Outcome mixed = RepeatedRuns.Join([Read(old, "a.json"), Read(plain, "c.json")]);

        Assert.Empty(repeats.Problems);
        CalibrationRun spin = Assert.Single(repeats.Runs);
        Assert.Equal((2, "DOTNET_A=0 DOTNET_B=1"), (spin.RepeatCount, spin.ServerSettings));
        Assert.Equal("c.json", Assert.Single(mixed.Problems).File);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("machine", null, null)]
    [InlineData("machine", "none", null)]
    [InlineData("container (DOTNET_PROCESSOR_COUNT=1)", null, "DOTNET_PROCESSOR_COUNT=1")]
    [InlineData("machine (DOTNET_X=0)", "DOTNET_Y=1", "DOTNET_Y=1")]
    [InlineData("machine", "DOTNET_Y=1  DOTNET_X=0", "DOTNET_X=0 DOTNET_Y=1")]
    public void Server_settings_come_from_server_env_else_from_server_cpus(string? cpus, string? env,
        string? expected)
    {
        var environment = new Dictionary<string, string>();
        if (cpus is not null)
        {
            environment["server_cpus"] = cpus;
        }
        if (env is not null)
        {
            environment["server_env"] = env;
        }

        Assert.Equal(expected, MeasuredRunFile.ServerSettings(environment));
    }

    [Fact]
    public void The_validation_table_shows_how_many_repeats_stand_behind_a_row_and_their_range()
    {
        CalibrationRun joined = RepeatedRuns.Join(
        [
            Read(RunFiles.Measured("sat", 100, 0.60), "sat.json"),
            Read(RunFiles.Measured("sat", 100, 0.80), "sat.r2.json"),
        ]).Runs.Single();
        var row = new ValidationRow(joined.Name, joined.Observed, 0, true, 0.72, 1000, 11);

        string markdown = ValidationTable.Markdown([row], [joined], "t", "cmd");
        string csv = ValidationTable.Csv([row], [joined]);

        Assert.Contains("| 2 | 70.0% | 60.0-80.0% | 72.0% | 2.0 |", markdown);
        Assert.Contains(",2,0.7,0.6,0.8,0.72,", csv);
    }

    [Fact]
    public void Repeats_on_one_host_kind_are_joined_as_before_under_their_own_name()
    {
        CalibrationRun[] runs =
        [
            Read(On(RunFiles.Measured("sat", 100, 0.60), 2096), "sat.json"),
            Read(On(RunFiles.Measured("sat", 100, 0.80), 2096.4), "sat.r2.json"),
        ];

        CalibrationRun sat = Assert.Single(RepeatedRuns.Join(runs).Runs);

        Assert.Equal("sat", sat.Name);
        Assert.Equal("sat", sat.SetupName);
        Assert.Equal(2, sat.RepeatCount);
        Assert.Equal(0.70, sat.Observed.DeliveryRatio, 3);
    }

    [Fact]
    public void Runs_on_one_host_kind_make_the_same_cases_and_tables_as_runs_that_record_no_kind()
    {
        RunReport[] reports =
        [
            RunFiles.Measured("sat", 100, 0.61), RunFiles.Measured("sat", 100, 0.83),
            RunFiles.Measured("easy", 20, 0.99), RunFiles.Measured("sat", 100, 0.72),
        ];
        IReadOnlyList<CalibrationRun> Joined(double? mhz) =>
            RepeatedRuns.Join(reports.Select((r, i) => Read(On(r, mhz), $"f{i}.json")).ToArray()).Runs;
        IReadOnlyList<CalibrationRun> bare = Joined(null), kind = Joined(2096);
        ValidationRow[] Rows(IReadOnlyList<CalibrationRun> runs) =>
            runs.Select(r => new ValidationRow(r.Name, r.Observed, 0, true, 0.9, 100, 11)).ToArray();

        Assert.Equal(bare.Select(r => (r.Name, r.SetupName, r.Observed, r.Sent, r.Received, r.RepeatCount)),
            kind.Select(r => (r.Name, r.SetupName, r.Observed, r.Sent, r.Received, r.RepeatCount)));
        Assert.Equal(ValidationTable.Csv(Rows(bare), bare), ValidationTable.Csv(Rows(kind), kind));
        Assert.Equal(bare.Select(CalibrationCases.Stratum), kind.Select(CalibrationCases.Stratum));
    }

    [Fact]
    public void One_setup_on_two_host_kinds_is_two_cases_each_the_mean_of_its_own_kind()
    {
        CalibrationRun[] runs =
        [
            Read(On(RunFiles.Measured("churn", 100, 0.40), 2096), "churn.json"),
            Read(On(RunFiles.Measured("churn", 100, 0.86), 2596.1), "n/churn.json"),
            Read(On(RunFiles.Measured("churn", 100, 0.44), 2096), "churn.r2.json"),
            Read(On(RunFiles.Measured("churn", 100, 0.88), 2596.1), "n/churn.r2.json"),
            Read(On(RunFiles.Measured("churn", 100, 0.99), null), "old/churn.json"),
            Read(On(RunFiles.Measured("easy", 20, 0.99), 2096), "easy.json"),
        ];

        CalibrationInputs.Outcome outcome = RepeatedRuns.Join(runs);

        Assert.Empty(outcome.Problems);
        Assert.Equal(["churn [2096 MHz]", "churn [2596.1 MHz]", "churn [no host kind]", "easy"],
            outcome.Runs.Select(r => r.Name));
        Assert.All(outcome.Runs.Take(3), r => Assert.Equal("churn", r.SetupName));
        CalibrationRun slow = outcome.Runs[0];
        Assert.Equal(2, slow.RepeatCount);
        Assert.Equal(0.42, slow.Observed.DeliveryRatio, 3);
        Assert.Equal(0.87, outcome.Runs[1].Observed.DeliveryRatio, 3);
        Assert.Equal(1, outcome.Runs[2].RepeatCount);
        Assert.All(slow.Measurements, m => Assert.Equal(2096, m.Host!.Mhz));
    }

    [Fact]
    public void Two_kinds_with_one_clock_are_named_by_their_whole_kind()
    {
        CalibrationRun[] runs =
        [
            Read(On(RunFiles.Measured("sat", 100, 0.6), 2096, "AMD EPYC"), "a.json"),
            Read(On(RunFiles.Measured("sat", 100, 0.7), 2096, "Intel Xeon"), "b.json"),
        ];

        Assert.Equal(["sat [AMD EPYC, 2 CPUs, 2096 MHz]", "sat [Intel Xeon, 2 CPUs, 2096 MHz]"],
            RepeatedRuns.Join(runs).Runs.Select(r => r.Name));
    }

    [Fact]
    public void A_setups_two_host_kinds_land_in_one_fold_and_other_setups_are_dealt_as_before()
    {
        CalibrationRun[] runs = Enumerable.Range(0, 6)
            .SelectMany(i => new[]
            {
                Read(On(RunFiles.Measured($"s{i}", 10 + i, 0.9), 2096), $"s{i}.json"),
                Read(On(RunFiles.Measured($"s{i}", 10 + i, 0.8), i % 2 == 0 ? 2596.1 : 2096), $"n/s{i}.json"),
            })
            .ToArray();
        IReadOnlyList<CalibrationRun> joined = RepeatedRuns.Join(runs).Runs;
        var strata = joined.Select(CalibrationCases.Stratum).ToList();

        int[] fold = KFold.Assign(strata, 2, s => s);

        Assert.Equal(9, joined.Count);
        foreach (int i in new[] { 0, 2, 4 })
        {
            int[] kinds = joined.Select((r, j) => (r, j)).Where(x => x.r.SetupName == $"s{i}")
                .Select(x => fold[x.j]).ToArray();
            Assert.Equal(2, kinds.Length);
            Assert.Equal(kinds[0], kinds[1]);
        }
        // Six setups over two folds: three each, whatever the number of kinds behind them.
        var setupFold = joined.Select((r, j) => (r.SetupName, Fold: fold[j])).Distinct().ToList();
        Assert.Equal(6, setupFold.Count);
        Assert.Equal(3, setupFold.Count(x => x.Fold == 0));
    }
}
