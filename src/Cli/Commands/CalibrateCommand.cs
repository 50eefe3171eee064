using System.CommandLine;
using System.Globalization;
using System.Text;
using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Plotting;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// `fanoutsim calibrate RUNS... --out PROFILE`: rebuilds the scenario of every measured run, fits the
/// profile's free parameters to them (Nelder-Mead, common random numbers), validates by k-fold
/// cross-validation and writes the profile, the held-out table and the plots.
/// </summary>
internal static class CalibrateCommand
{
    public const string DefaultFree =
        "delivery_cpu,subscriber_read_cpu,inbound_cpu,handshake_cpu,close_cpu,redis_bytes_per_copy";

    public static Command Create()
    {
        var files = new Argument<string[]>("runs")
        {
            Description = "Run files: RunReport JSON (fanoutsim load --json), k6 summary exports with a " +
                "STEM.deployment.yaml beside them, or deployment YAMLs naming their k6_summary",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write the fitted profile here, e.g. calibration/profiles/local.yaml",
        };
        var start = new Option<string>("--start")
        {
            Description = "Profile to start from: a name in calibration/profiles or a .yaml path",
            DefaultValueFactory = _ => "aws-fargate-python",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Start-profile value KEY=VALUE (e.g. usable_cores_per_task=2); repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var free = new Option<string>("--free")
        {
            Description = "Comma-separated profile parameters to fit",
            DefaultValueFactory = _ => DefaultFree,
        };
        var name = new Option<string?>("--name")
        {
            Description = "Name of the fitted profile (default: the --out file's name)",
        };
        var folds = new Option<int>("--folds")
        {
            Description = "k of the k-fold held-out validation (each run predicted by a fit that did not see it); " +
                "0 = none",
            DefaultValueFactory = _ => 4,
        };
        var evaluations = new Option<int>("--max-evaluations")
        {
            Description = "Objective evaluations per fit at most",
            DefaultValueFactory = _ => 150,
        };
        var restarts = new Option<int>("--restarts")
        {
            Description = "Nelder-Mead restarts from the best point so far (each up to --max-evaluations)",
            DefaultValueFactory = _ => 0,
        };
        var replications = new Option<int>("--replications")
        {
            Description = "Replications per run and evaluation (common seeds; 2, as the committed profiles were made)",
            DefaultValueFactory = _ => 2,
        };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Runs simulated at once",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var table = new Option<string?>("--table")
        {
            Description = "Write the validation table here (markdown) and beside it as .csv",
        };
        var plots = new Option<string?>("--plots")
        {
            Description = "Write calibration-predicted-vs-measured.png and calibration-ratio-vs-n.png into this folder",
        };
        var reports = new Option<string?>("--reports")
        {
            Description = "Write each run's predicted report (as `fanoutsim run --json` writes one) into this folder, "
                + "named after the run: the table's predictions (held-out ones when there are) with everything else "
                + "the model counted",
        };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Skip unusable run files (each is named on stderr) instead of stopping with exit code 2",
        };
        var predictOnly = new Option<bool>("--predict-only")
        {
            Description = "No fit: predict every run with the start profile and print the table",
        };
        var includeContaminated = new Option<bool>("--include-contaminated")
        {
            Description = "Also use runs `fanoutsim load` marked contaminated (other processes took CPU during them)",
        };
        var fitConnectClose = new Option<bool>("--fit-connect-close")
        {
            Description = "Also fit the mean connect and close times (ws_connecting, ws_closing): 0.1 s of either "
                + "counts as 1 pp of ratio does; runs recorded without them add nothing",
        };
        var repeatsAtOwnSpeed = new Option<bool>("--repeats-at-own-speed")
        {
            Description = "Predict each repeat of a setup at its own measured speed and pool their replications "
                + "(--replications each), not once at the repeats' mean speed: where a setup sits on a knee the mean "
                + "of its runs is not the run at their mean speed",
        };
        var speedRule = new Option<string>("--speed-rule")
        {
            Description = "Which of each run's speed indexes it is predicted at: probes (before and after the run, "
                + "where the servers ran), in-run (the --speed-timeline sampler's; the probes' for a run without one), "
                + "machine (the probes' mean over every CPU), none (the profile's own speed for every run) or "
                + "reference (the profile's speed x the --speed-reference-from runs' speed reference for the run's "
                + "mode and task count / the run's own)",
            DefaultValueFactory = _ => SpeedRuleText.Default.ToText(),
        };
        var referenceFrom = new Option<string[]>("--speed-reference-from")
        {
            Description = "With --speed-rule reference: anchor run files, measured where the profile's costs hold; "
                + "their mean speed reference per mode and task count stands for the profile's speed_index",
            AllowMultipleArgumentsPerToken = true,
        };
        var referenceExponent = new Option<string?>(SpeedReferences.ExponentOption)
        {
            Description = "With --speed-rule reference: E in the profile's speed x (anchor reference / the run's)^E, a "
                + "positive number (default 1: one for one; below 1 a reference step moves the speed less)",
        };
        var speedExponent = new Option<string?>(SpeedExponent.Option)
        {
            Description = "With --speed-rule probes, in-run or machine: E in the profile's speed x (the run's measured "
                + "speed / the profile's)^E, a number >= 0 (default 1: the measured speed itself; 0: the profile's)",
        };
        var command = new Command("calibrate", "Fit a cost profile to measured runs and validate it on held-out runs")
        {
            files, output, start, set, free, name, folds, evaluations, restarts, replications, parallel, table, plots,
            reports, skipInvalid, predictOnly, includeContaminated, speedRule, referenceFrom, referenceExponent,
            speedExponent, fitConnectClose, repeatsAtOwnSpeed,
        };
        CliErrors.SetAction(command, (parse, token) => Execute(new Request(
            parse.GetValue(files) ?? [], parse.GetValue(output), parse.GetValue(start)!, parse.GetValue(set) ?? [],
            parse.GetValue(free)!, parse.GetValue(name), parse.GetValue(folds), parse.GetValue(evaluations),
            parse.GetValue(restarts), parse.GetValue(replications), parse.GetValue(parallel), parse.GetValue(table),
            parse.GetValue(plots), parse.GetValue(skipInvalid), parse.GetValue(predictOnly))
        {
            IncludeContaminated = parse.GetValue(includeContaminated),
            FitConnectClose = parse.GetValue(fitConnectClose),
            RepeatsAtOwnSpeed = parse.GetValue(repeatsAtOwnSpeed),
            Reports = parse.GetValue(reports),
            SpeedRule = parse.GetValue(speedRule)!,
            SpeedReferenceFrom = parse.GetValue(referenceFrom) ?? [],
            SpeedReferenceExponent = parse.GetValue(referenceExponent),
            SpeedExponent = parse.GetValue(speedExponent),
        }, token));
        return command;
    }

    private sealed record Request(string[] Files, string? Output, string Start, string[] Set, string Free, string? Name,
        int Folds, int MaxEvaluations, int Restarts, int Replications, int Parallel, string? Table, string? Plots,
        bool SkipInvalid, bool PredictOnly)
    {
        public bool IncludeContaminated { get; init; }

        public bool FitConnectClose { get; init; }

        /// <summary>--repeats-at-own-speed (<see cref="CalibrationCase.Repeats"/>).</summary>
        public bool RepeatsAtOwnSpeed { get; init; }

        public FitObjective Objective => new(FitConnectClose);

        /// <summary>--reports: the folder each predicted run's report is written into (null: none written).</summary>
        public string? Reports { get; init; }

        public string SpeedRule { get; init; } = SpeedRuleText.Default.ToText();

        public string[] SpeedReferenceFrom { get; init; } = [];

        /// <summary>--speed-reference-exponent as given (null: not given, the rule's default 1).</summary>
        public string? SpeedReferenceExponent { get; init; }

        /// <summary>--speed-exponent as given (null: not given, each measured index itself).</summary>
        public string? SpeedExponent { get; init; }
    }

    private static int Execute(Request q, CancellationToken cancellation)
    {
        OutputPath.CheckFile("--out", q.Output);
        OutputPath.CheckFile("--table", q.Table);
        OutputPath.CheckFile("--table", q.Table is null ? null : Path.ChangeExtension(q.Table, ".csv"));
        OutputPath.CheckDirectory("--plots", q.Plots);
        OutputPath.CheckDirectory("--reports", q.Reports);
        if (q.Output is null && !q.PredictOnly)
        {
            throw new UsageException("--out: where to write the fitted profile (or --predict-only to only compare)");
        }
        if (q.MaxEvaluations < 1 || q.Replications < 1 || q.Parallel < 1 || q.Folds < 0 || q.Restarts < 0)
        {
            throw new UsageException("--max-evaluations, --replications and --parallel must be at least 1, --folds 0 " +
                "or more");
        }
        List<ProfileParameter> free = ParseFree(q.Free);
        SpeedRule speedRule = SpeedRuleText.Map.TryParse(q.SpeedRule, out SpeedRule rule)
            ? rule
            : throw new UsageException($"--speed-rule: got '{q.SpeedRule}'; expected one of {SpeedRuleText.Map.Known}");
        SpeedExponent? speedExponent = Exponent(q, speedRule);
        SpeedReferences? anchors = Anchors(q, speedRule);
        CalibrationInputs.Outcome inputs = CalibrationInputs.ReadAll(q.Files, q.IncludeContaminated, speedRule,
            anchors, speedExponent);
        foreach (RunFileException p in inputs.Problems)
        {
            Console.Error.WriteLine($"fanoutsim calibrate: {(q.SkipInvalid ? "skipping" : "unusable")}: {p.Message}");
        }
        if (inputs.Problems.Count > 0 && !q.SkipInvalid)
        {
            return CliErrors.Report($"{inputs.Problems.Count} of {q.Files.Length} run files are unusable (listed " +
                $"above); fix or remove them, or pass --skip-invalid");
        }
        IReadOnlyList<CalibrationRun> runs = inputs.Runs;
        if (runs.Count == 0)
        {
            throw new UsageException("no usable run files");
        }
        // Folds are dealt by stratum (KFold): one setup measured on two host kinds is two runs here but one stratum.
        int setups = runs.Select(CalibrationCases.Stratum).Distinct(StringComparer.Ordinal).Count();
        if (!q.PredictOnly && q.Folds >= 2 && q.Folds > setups)
        {
            throw new UsageException(setups == runs.Count
                ? $"--folds {q.Folds}: only {runs.Count} usable runs"
                : $"--folds {q.Folds}: only {setups} usable setups ({runs.Count} runs, a setup on several host kinds " +
                  "counting once)");
        }
        string calibrationDir = CalibrationDirectoryNear(runs[0].File);
        var catalog = Catalog.Load(Path.Combine(calibrationDir, "catalog.yaml"));
        ProfileFile.Contents start = StartProfile(q, calibrationDir);
        CostProfile startProfile = start.Profile;
        var options = new CalibrationOptions(free, q.MaxEvaluations, q.Replications, q.PredictOnly ? 0 : q.Folds,
            q.Parallel, q.Restarts, q.Objective, cancellation);
        string commandLine = CommandLine(q);
        // After every check of the options, so a bad option is still the only line printed.
        ContaminationNotes(inputs);
        SpeedNotes(inputs);
        // Under the none rule every repeat is at the profile's speed: the option would change nothing but the time.
        bool eachAtOwnSpeed = q.RepeatsAtOwnSpeed && speedRule != SpeedRule.None;
        if (q.RepeatsAtOwnSpeed && !eachAtOwnSpeed)
        {
            Console.Error.WriteLine("calibrate: --repeats-at-own-speed with --speed-rule none: every repeat is "
                + "predicted at the profile's speed, so the predictions are those without it");
        }
        if (speedExponent is { } e)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibrate: {SpeedExponent.Option} {e.Exponent}: each measured speed index s predicted at "
                + $"{e.ProfileSpeedIndex:0} x (s / {e.ProfileSpeedIndex:0})^{e.Exponent} (the profile's speed_index)"));
        }
        string? hostWarning = HostKindNotes.Warning(startProfile.Name, start.FittedHost, runs, fit: !q.PredictOnly);
        if (hostWarning is not null)
        {
            Console.Error.WriteLine("calibrate: warning: " + hostWarning);
        }
        if (anchors is not null)
        {
            string exponent = q.SpeedReferenceExponent is null
                ? ""
                : string.Create(CultureInfo.InvariantCulture, $", reference exponent {anchors.Exponent}");
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibrate: speed reference anchors ({q.SpeedReferenceFrom.Length} run file(s), standing for speed "
                + $"index {anchors.SpeedIndex:0}{exponent}): {anchors.Describe()}"));
        }
        startProfile = SpeedReference(startProfile, runs, q.PredictOnly);
        double? fittedMachine = FittedSpeedMachine(free, runs, startProfile);
        Console.Error.WriteLine(
            $"calibrate: {runs.Count} runs{Repeats(runs, eachAtOwnSpeed)}, start profile {startProfile.Name}");
        IReadOnlyList<CalibrationCase> cases =
            CalibrationCases.Of(runs, startProfile, catalog, eachAtOwnSpeed);
        var study = new CalibrationStudy(cases, options, CalibrateProgress.Printer(options));

        if (q.PredictOnly)
        {
            IReadOnlyList<ValidationRow> rows = study.Predict(startProfile);
            string predicted = $"Predictions of profile {startProfile.Name} (no fit)";
            Console.WriteLine(ValidationTable.Markdown(rows, runs, predicted, commandLine, hostWarning));
            WriteTable(q.Table, rows, runs, predicted, commandLine, hostWarning);
            WriteReports(q.Reports, rows);
            WritePlots(q, cases, runs, startProfile, rows, [], startProfile.Name, cancellation);
            return 0;
        }

        CalibrationOutcome outcome = study.Run(startProfile);
        string profileName = q.Name ?? Path.GetFileNameWithoutExtension(q.Output!);
        CostProfile fitted = outcome.Fit.Profile with { Name = profileName };
        if (fittedMachine is { } machine)
        {
            // Moved to the runs' machine: the profile then holds for it with no machine_speed key, and the fitted
            // index says how much faster its costs ran where they were measured (bit for bit the same predictions).
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"speed_index fitted at {fitted.SpeedIndex:0}: the runs' machine (speed index {machine:0}) runs these "
                + $"costs {fitted.SpeedIndex / machine:0.###} x as long; profile written at speed index {machine:0}"));
            fitted = SpeedScaling.On(fitted, machine);
        }
        IReadOnlyList<ValidationRow> report = outcome.HeldOut.Count > 0 ? outcome.HeldOut : outcome.InSample;
        string title = outcome.HeldOut.Count > 0
            ? $"Held-out validation of profile {profileName} ({q.Folds}-fold cross-validation by setup)"
            : $"In-sample fit of profile {profileName} (no held-out runs)";
        string notes = Notes(commandLine, runs, inputs.Problems, outcome, free, q.Objective, eachAtOwnSpeed);
        Console.WriteLine(notes);
        Console.WriteLine();
        Console.WriteLine(ValidationTable.Markdown(report, runs, title, commandLine, hostWarning));

        // Every folder a file came from, repeats included: a setup's first file alone named three of nine sessions.
        IEnumerable<CalibrationRun> files = runs.SelectMany(r => r.Repeats.Count > 0 ? r.Repeats : [r]);
        int fileCount = FileCount(runs);
        string description = $"Fitted by `fanoutsim calibrate` to {runs.Count} runs" +
            (fileCount == runs.Count ? " " : $" from {fileCount} files ") +
            $"({string.Join(", ", files.Select(r => Path.GetDirectoryName(r.File.Replace('\\', '/'))).Distinct())}).";
        HostKind? host = HostKindNotes.Shared(runs);
        AtomicFile.WriteAllText(q.Output!,
            ProfileWriter.Format(fitted, description, runs.Select(r => r.Name), notes, host));
        Console.WriteLine($"profile written to {q.Output}");
        WriteTable(q.Table, report, runs, title, commandLine, hostWarning);
        WriteReports(q.Reports, report);
        WritePlots(q, cases, runs, fitted, report, outcome.InSample, profileName, cancellation);
        return 0;
    }

    private static void WritePlots(Request q, IReadOnlyList<CalibrationCase> cases, IReadOnlyList<CalibrationRun> runs,
        CostProfile profile, IReadOnlyList<ValidationRow> report, IReadOnlyList<ValidationRow> inSample,
        string profileName, CancellationToken cancellation)
    {
        if (q.Plots is null)
        {
            return;
        }
        var caseOf = cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
        IReadOnlyList<IReadOnlyList<CalibrationRun>> families = CalibrationCurves.Families(runs);
        IReadOnlyList<IReadOnlyList<CurvePoint>> simulated = RatioCurves.Simulate(
            families.Select(f => (IReadOnlyList<CalibrationCase>)f.Select(r => caseOf[r.Name]).ToList()).ToList(),
            profile, q.Replications, q.Parallel, cancellation);
        var curves = families
            .Select((f, i) => new CalibrationCurve(CalibrationCurves.Label(f[0]), f, simulated[i]))
            .ToList();
        foreach (string png in CalibrationPlots.Write(q.Plots, report, inSample, runs, curves, profileName))
        {
            Console.WriteLine($"plot written to {png}");
        }
        if (curves.Count == 0)
        {
            Console.WriteLine($"{CalibrationPlots.RatioVsNFile} not drawn: no setup was measured at two or more N "
                + "with everything else the same");
        }
    }

    private static void WriteReports(string? folder, IReadOnlyList<ValidationRow> rows)
    {
        if (folder is null)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        foreach (ValidationRow row in rows)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, row.Case + ".json"), RunReportJson.Serialize(row.Report!));
        }
        Console.WriteLine($"{rows.Count} predicted reports written to {folder}");
    }

    private static void WriteTable(string? path, IReadOnlyList<ValidationRow> rows, IReadOnlyList<CalibrationRun> runs,
        string title, string commandLine, string? warning)
    {
        if (path is null)
        {
            return;
        }
        AtomicFile.WriteAllText(path, ValidationTable.Markdown(rows, runs, title, commandLine, warning));
        string csv = Path.ChangeExtension(path, ".csv");
        AtomicFile.WriteAllText(csv, ValidationTable.Csv(rows, runs));
        Console.WriteLine($"table written to {path} and {csv}");
    }

    private static List<ProfileParameter> ParseFree(string list)
    {
        var free = new List<ProfileParameter>();
        foreach (string n in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ProfileParameter? p = ProfileParameter.All.FirstOrDefault(x => x.Name == n);
            free.Add(p
                ?? throw new UsageException($"--free: unknown parameter '{n}'; known: " +
                    $"{string.Join(", ", ProfileParameter.All.Select(x => x.Name))}"));
        }
        if (free.Count == 0)
        {
            throw new UsageException("--free: name at least one parameter");
        }
        return free;
    }

    /// <summary>The --start profile with the --set values, and the host kind it names as fitted_host.</summary>
    private static ProfileFile.Contents StartProfile(Request q, string calibrationDir)
    {
        string path = q.Start.EndsWith(".yaml", StringComparison.Ordinal)
            ? q.Start
            : ProjectPaths.ProfileFile(calibrationDir, q.Start);
        if (!File.Exists(path))
        {
            throw new UsageException($"--start: no profile at {path}");
        }
        ProfileFile.Contents read = ProfileFile.Read(path);
        CostProfile p = read.Profile;
        foreach ((string? key, string? value) in SetOption.Parse(q.Set))
        {
            ProfileField field = ProfileFields.Find(key)
                ?? throw new UsageException(
                    $"--set: unknown profile parameter '{key}'; known: {string.Join(", ", ProfileFields.Keys)}");
            p = field.TryParse(value, out double v, out string error)
                ? field.With(p, v)
                : throw new UsageException($"--set {key}={value}: {error}");
        }
        return read with { Profile = p };
    }

    /// <summary>
    /// The reference rule's anchors: the --speed-reference-from runs' mean reference per mode and task count, standing
    /// for the start profile's speed index (null for every other rule, which takes no anchors).
    /// </summary>
    private static SpeedReferences? Anchors(Request q, SpeedRule rule)
    {
        if (rule != SpeedRule.Reference)
        {
            if (q.SpeedReferenceExponent is not null)
            {
                throw new UsageException($"{SpeedReferences.ExponentOption}: only with --speed-rule reference");
            }
            return q.SpeedReferenceFrom.Length == 0
                ? null
                : throw new UsageException("--speed-reference-from: only with --speed-rule reference");
        }
        double exponent = q.SpeedReferenceExponent is null
            ? 1
            : SpeedReferences.ParseExponent(q.SpeedReferenceExponent, out string error)
                ?? throw new UsageException(error);
        if (q.SpeedReferenceFrom.Length == 0)
        {
            throw new UsageException("--speed-rule reference: name the anchor runs, measured where the profile's "
                + "costs hold (--speed-reference-from FILES)");
        }
        string calibrationDir = CalibrationDirectoryNear(q.Files.FirstOrDefault() ?? q.SpeedReferenceFrom[0]);
        CostProfile profile = StartProfile(q, calibrationDir).Profile;
        if (profile.SpeedIndex <= 0)
        {
            throw new UsageException($"--speed-rule reference: profile {profile.Name} records no speed_index for the "
                + "anchor runs to stand for");
        }
        var runs = new List<CalibrationRun>();
        try
        {
            foreach (string file in q.SpeedReferenceFrom)
            {
                CalibrationRun run = CalibrationInputs.Read(file);
                if (run.Contaminated != true || q.IncludeContaminated)
                {
                    runs.Add(run);
                }
            }
            return runs.Count > 0
                ? SpeedReferences.Of(runs, profile.SpeedIndex, exponent)
                : throw new UsageException("--speed-reference-from: every anchor run is contaminated "
                    + "(--include-contaminated uses them)");
        }
        catch (RunFileException e)
        {
            throw new UsageException("--speed-reference-from: " + e.Message);
        }
        catch (InputException e)
        {
            throw new UsageException("--speed-reference-from: " + e.Message);
        }
    }

    /// <summary>
    /// `--speed-exponent` with the profile's speed index it is taken against (null when not given: each measured
    /// index itself); refused with the rules that pick no measured index.
    /// </summary>
    private static SpeedExponent? Exponent(Request q, SpeedRule rule)
    {
        if (q.SpeedExponent is null)
        {
            return null;
        }
        if (rule is SpeedRule.None or SpeedRule.Reference)
        {
            throw new UsageException($"{SpeedExponent.Option}: only with --speed-rule probes, in-run or machine (the "
                + $"measured speed indexes; --speed-rule {rule.ToText()} picks none)");
        }
        double e = SpeedExponent.Parse(q.SpeedExponent, out string error) ?? throw new UsageException(error);
        string calibrationDir = CalibrationDirectoryNear(q.Files.FirstOrDefault() ?? ".");
        CostProfile profile = StartProfile(q, calibrationDir).Profile;
        return profile.SpeedIndex > 0
            ? new SpeedExponent(profile.SpeedIndex, e)
            : throw new UsageException($"{SpeedExponent.Option}: profile {profile.Name} records no speed_index to "
                + "take the runs' speeds against");
    }

    /// <summary>The calibration/ folder (catalog.yaml, profiles/) above <paramref name="path"/> or the working
    /// directory: the one place calibrate looks for it, whichever path of the request it starts from.</summary>
    private static string CalibrationDirectoryNear(string path) => ProjectPaths.CalibrationDirectory(path)
        ?? throw new UsageException("cannot find a calibration/ folder with catalog.yaml above the run files or the "
            + "working directory");

    private static string CommandLine(Request q)
    {
        var sb = new StringBuilder("./fanoutsim calibrate");
        foreach (string f in Abbreviated(q.Files))
        {
            sb.Append(' ').Append(f);
        }
        if (q.Output is not null)
        {
            sb.Append(" --out ").Append(q.Output);
        }
        sb.Append(" --start ").Append(q.Start).Append(" --speed-rule ").Append(q.SpeedRule);
        if (q.SpeedReferenceFrom.Length > 0)
        {
            sb.Append(" --speed-reference-from ").Append(string.Join(' ', Abbreviated(q.SpeedReferenceFrom)));
        }
        // Only when given: without it the rule is the one-for-one rule of the tables made before the option.
        if (q.SpeedReferenceExponent is not null)
        {
            sb.Append(' ').Append(SpeedReferences.ExponentOption).Append(' ').Append(q.SpeedReferenceExponent);
        }
        // Likewise: without it each run is at its measured index, as in the tables made before the option.
        if (q.SpeedExponent is not null)
        {
            sb.Append(' ').Append(SpeedExponent.Option).Append(' ').Append(q.SpeedExponent);
        }
        foreach (string s in q.Set)
        {
            sb.Append(" --set ").Append(s);
        }
        // Every option that moves a result, defaults included, so the line reproduces the run.
        if (q.PredictOnly)
        {
            sb.Append(CultureInfo.InvariantCulture, $" --predict-only --replications {q.Replications}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture,
                $" --free {q.Free} --folds {q.Folds} --max-evaluations {q.MaxEvaluations}" +
                $" --restarts {q.Restarts} --replications {q.Replications}");
            if (q.FitConnectClose)
            {
                sb.Append(" --fit-connect-close");
            }
        }
        if (q.RepeatsAtOwnSpeed)
        {
            sb.Append(" --repeats-at-own-speed");
        }
        if (q.Table is not null)
        {
            sb.Append(" --table ").Append(q.Table);
        }
        if (q.Plots is not null)
        {
            sb.Append(" --plots ").Append(q.Plots);
        }
        if (q.Reports is not null)
        {
            sb.Append(" --reports ").Append(q.Reports);
        }
        if (q.SkipInvalid)
        {
            sb.Append(" --skip-invalid");
        }
        if (q.IncludeContaminated)
        {
            sb.Append(" --include-contaminated");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The files as given, with DIR/*.json in place of a folder's every .json file (what the shell expanded).
    /// </summary>
    private static IEnumerable<string> Abbreviated(IReadOnlyList<string> files)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (string f in files.Select(f => f.Replace('\\', '/')))
        {
            string dir = Path.GetDirectoryName(f)?.Replace('\\', '/') ?? "";
            string[] all = Directory.Exists(dir.Length == 0 ? "." : dir)
                ? Directory.GetFiles(dir.Length == 0 ? "." : dir, "*.json").Select(Path.GetFileName).OfType<string>()
                    .Order(StringComparer.Ordinal).ToArray()
                : [];
            string[] given = files.Select(x => x.Replace('\\', '/'))
                .Where(x => (Path.GetDirectoryName(x)?.Replace('\\', '/') ?? "") == dir
                    && x.EndsWith(".json", StringComparison.Ordinal))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
            if (all.Length > 2 && all.SequenceEqual(given) && f.EndsWith(".json", StringComparison.Ordinal))
            {
                string glob = (dir.Length == 0 ? "" : dir + "/") + "*.json";
                if (done.Add(glob))
                {
                    yield return glob;
                }
                continue;
            }
            yield return f;
        }
    }

    /// <summary>" from 62 files (...)": how a setup measured more than once counts, when any run was repeated.
    /// </summary>
    private static string Repeats(IReadOnlyList<CalibrationRun> runs, bool atOwnSpeed)
    {
        int files = FileCount(runs);
        return files == runs.Count
            ? ""
            : $" from {files} files (a setup measured several times counts once, as the mean of its repeats" +
              (atOwnSpeed ? ", each predicted at its own speed)" : ")");
    }

    /// <summary>How many run files the runs were read from (a repeated setup is one run of several files).</summary>
    private static int FileCount(IReadOnlyList<CalibrationRun> runs) => runs.Sum(r => r.RepeatCount);

    /// <summary>
    /// The speed the fitted CPU costs hold at: the start profile's, or else the median of the runs' speed indexes, so
    /// every run is predicted on its own machine's speed (issue 12). Runs without an index are predicted at the
    /// profile's speed, and said to be.
    /// </summary>
    private static CostProfile SpeedReference(CostProfile start, IReadOnlyList<CalibrationRun> runs, bool predictOnly)
    {
        var indexes = runs.Select(r => r.Setup.MachineSpeedIndex).OfType<double>().Order().ToList();
        // Runs whose index `--speed-rule none` set aside are not unknown: the rule's note already said so.
        int missing = runs.Count(r => r.Setup.MachineSpeedIndex is null && r.SpeedSource != SpeedSource.Ignored);
        if (start.SpeedIndex <= 0 && indexes.Count > 0 && !predictOnly)
        {
            start = start with { SpeedIndex = Math.Round(indexes[(indexes.Count - 1) / 2]) };
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibrate: CPU costs fitted at speed index {start.SpeedIndex:0} (the runs' median; they span " +
                $"{indexes[0]:0} to {indexes[^1]:0}), each run predicted at its own machine's speed"));
        }
        if (start.SpeedIndex <= 0 && indexes.Count > 0)
        {
            Console.Error.WriteLine($"calibrate: profile {start.Name} records no speed_index: runs are predicted "
                + "with its costs as they are, not scaled to their machine's speed");
        }
        else if (start.SpeedIndex > 0 && missing > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibrate: {missing} run(s) carry no speed index (measured before it was recorded): predicted at " +
                $"the profile's own speed {start.SpeedIndex:0}, their machine's speed unknown"));
        }
        return start;
    }

    /// <summary>
    /// The one speed index every run carries, when `speed_index` is free (null when it is not): fitting the speed of
    /// the profile's costs only means something against runs that all ran on one machine of a known index.
    /// </summary>
    private static double? FittedSpeedMachine(List<ProfileParameter> free, IReadOnlyList<CalibrationRun> runs,
        CostProfile start)
    {
        if (free.All(p => p.Name != "speed_index"))
        {
            return null;
        }
        var speeds = runs.Select(r => r.Setup.MachineSpeedIndex).Distinct().ToList();
        if (speeds.Count != 1 || speeds[0] is not { } machine)
        {
            throw new UsageException("--free speed_index: every run must carry one and the same machine speed (a "
                + "k6 deployment file's machine_speed key); these carry " + string.Join(", ", speeds.Select(v =>
                    v?.ToString("0", CultureInfo.InvariantCulture) ?? "none")));
        }
        if (start.SpeedIndex <= 0)
        {
            throw new UsageException($"--free speed_index: the start profile {start.Name} records no speed_index to "
                + "start from");
        }
        return machine;
    }

    private static void ContaminationNotes(CalibrationInputs.Outcome inputs)
    {
        foreach (string file in inputs.ContaminatedSkipped)
        {
            Console.Error.WriteLine($"fanoutsim calibrate: skipping contaminated run (--include-contaminated uses it): "
                + file);
        }
        if (inputs.WithoutContaminationRecord > 0)
        {
            Console.Error.WriteLine($"calibrate: {inputs.WithoutContaminationRecord} run file(s) carry no "
                + "contamination record (measured before the guard): used, their machine's load unknown");
        }
    }

    /// <summary>Which speed rule the runs were read with, and what it found in how many files.</summary>
    private static void SpeedNotes(CalibrationInputs.Outcome inputs)
    {
        if (inputs.SpeedSources.Count == 0)
        {
            return;
        }
        Console.Error.WriteLine($"calibrate: --speed-rule {inputs.SpeedRule.ToText()} ("
            + (inputs.SpeedRule == SpeedRuleText.Default ? "the default; " : "")
            + $"one of {SpeedRuleText.Map.Known}): "
            + string.Join("; ", inputs.SpeedSources.OrderBy(p => p.Key)
                .Select(p => $"{p.Value} run file(s) {p.Key.Describe()}")));
    }

    private static string Notes(string commandLine, IReadOnlyList<CalibrationRun> runs,
        IReadOnlyList<RunFileException> skipped, CalibrationOutcome o, IReadOnlyList<ProfileParameter> free,
        FitObjective objective, bool eachAtOwnSpeed)
    {
        var n = new StringBuilder();
        n.AppendLine("Command: " + commandLine);
        n.AppendLine(CultureInfo.InvariantCulture,
            $"Data: {runs.Count} runs{Repeats(runs, eachAtOwnSpeed)}" +
            $"{(skipped.Count > 0
                ? $", {skipped.Count} skipped ({string.Join(", ", skipped.Select(s => s.File))})"
                : "")}.");
        n.AppendLine(CultureInfo.InvariantCulture,
            $"Nelder-Mead in log-parameter space, common random numbers; final fit {o.Fit.Evaluations} evaluations, " +
            $"error {o.StartError:0.#} -> {o.Fit.Error:0.#}");
        n.AppendLine($"(error = squared misses: {objective.Describe()} each count 1).");
        n.AppendLine("Parameters (approx. 1-sigma relative error from the Gauss-Newton covariance in log space):");
        foreach (ParameterEstimate e in o.Estimates)
        {
            // Beyond a factor of 10 either way the data say nothing useful about the value.
            string err = e.RelativeError is { } r && double.IsFinite(r) && r < 9
                ? $"+-{r * 100:0.#}%"
                : "? (not determined by these runs)";
            n.AppendLine(CultureInfo.InvariantCulture, $"  {e.Name}: {e.Value:G5} {err}");
        }
        if (o.HeldOut.Count > 0)
        {
            var s = ValidationSummary.Of(o.HeldOut);
            n.AppendLine(CultureInfo.InvariantCulture,
                $"Held-out ({o.FoldProfiles.Count}-fold): mean |ratio error| {s.MeanAbsErrorPp:0.0} pp, worst " +
                $"{s.MaxAbsErrorPp:0.0} pp ({s.WorstRun}); goal <= 3 / <= 8 pp {(s.MeetsGoal ? "met" : "NOT met")}.");
        }
        var inSample = ValidationSummary.Of(o.InSample, heldOutOnly: false);
        n.AppendLine(CultureInfo.InvariantCulture,
            $"In-sample: mean |ratio error| {inSample.MeanAbsErrorPp:0.0} pp, worst {inSample.MaxAbsErrorPp:0.0} pp " +
            $"({inSample.WorstRun}).");
        n.AppendLine("Residuals of the final fit (measured -> predicted):");
        foreach (ValidationRow r in ValidationTable.Ordered(o.InSample, runs))
        {
            n.AppendLine(CultureInfo.InvariantCulture,
                $"  {r.Case}: ratio {r.MeasuredRatio:0.000} -> {r.PredictedRatio:0.000}; delivered/s " +
                $"{r.Observed.DeliveredPerSecond:0} -> {r.PredictedDeliveredPerSecond:0}; session avg " +
                $"{r.Observed.SessionAvgSeconds:0.00} -> {r.PredictedSessionAvg:0.00} s");
        }
        return n.ToString().TrimEnd();
    }
}
