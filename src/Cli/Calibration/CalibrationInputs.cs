using System.Text.Json;
using FanoutSim.Cli.Files;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Reads every calibration input file, whatever its kind, and collects per-file problems instead of
/// stopping at the first, so one message can name every bad file.
/// Kinds: a RunReport JSON; a deployment YAML naming its k6 summary; a k6 summary JSON with a
/// `STEM.deployment.yaml` beside it. Files that repeat one setup under one name become one run (their mean).
/// </summary>
public static class CalibrationInputs
{
    public sealed record Outcome(IReadOnlyList<CalibrationRun> Runs, IReadOnlyList<RunFileException> Problems)
    {
        /// <summary>Files the contamination guard marked, left out unless they were asked for.</summary>
        public IReadOnlyList<string> ContaminatedSkipped { get; init; } = [];

        /// <summary>Files read without a contamination verdict (measured before the guard, or k6 exports).</summary>
        public int WithoutContaminationRecord { get; init; }

        /// <summary>The speed rule the runs were read with, and how many files each kind of index stood for.
        /// </summary>
        public SpeedRule SpeedRule { get; init; } = SpeedRuleText.Default;

        public IReadOnlyDictionary<SpeedSource, int> SpeedSources { get; init; } = new Dictionary<SpeedSource, int>();
    }

    /// <param name="includeContaminated">also use runs the contamination guard marked</param>
    /// <param name="speedRule">which of each run's speed indexes it is predicted at</param>
    /// <param name="anchors">the reference rule's anchors</param>
    /// <param name="exponent">`--speed-exponent`, null for each measured index itself</param>
    public static Outcome ReadAll(IEnumerable<string> files, bool includeContaminated = false,
        SpeedRule speedRule = SpeedRuleText.Default, SpeedReferences? anchors = null, SpeedExponent? exponent = null)
    {
        var skipped = new List<string>();
        int withoutRecord = 0;
        var sources = new Dictionary<SpeedSource, int>();
        var runs = new List<CalibrationRun>();
        var problems = new List<RunFileException>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            try
            {
                CalibrationRun run = Read(file).AtSpeed(speedRule, anchors, exponent);
                // A summary and its deployment file both given: one run, read once.
                if (!seen.Add(Path.GetFullPath(run.File)))
                {
                    continue;
                }
                withoutRecord += run.Contaminated is null ? 1 : 0;
                if (run.Contaminated == true && !includeContaminated)
                {
                    skipped.Add(run.File);
                    continue;
                }
                sources[run.SpeedSource] = sources.GetValueOrDefault(run.SpeedSource) + 1;
                runs.Add(run);
            }
            catch (RunFileException e)
            {
                problems.Add(e);
            }
            catch (InputException e)
            {
                string where = e.Line > 0 ? $"{e.File}:{e.Line}:{e.Column}" : e.File;
                problems.Add(new RunFileException(e.File,
                    e.Message.StartsWith(where + ": ", StringComparison.Ordinal)
                    ? e.Message[(where.Length + 2)..]
                    : e.Message, where));
            }
        }
        Outcome joined = RepeatedRuns.Join(runs);
        problems.AddRange(joined.Problems);
        return new Outcome(joined.Runs.Where(r => problems.All(p => p.File != r.File)).ToList(), problems)
        {
            ContaminatedSkipped = skipped,
            WithoutContaminationRecord = withoutRecord,
            SpeedRule = speedRule,
            SpeedSources = sources,
        };
    }

    public static CalibrationRun Read(string file)
    {
        if (!File.Exists(file))
        {
            throw new RunFileException(file, "file not found");
        }
        if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return DeploymentFile.Read(file);
        }
        string text = File.ReadAllText(file);
        if (text.Trim().Length == 0)
        {
            throw new RunFileException(file, "is empty");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new RunFileException(file,
                $"not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split(". Path:")[0]} (truncated or " +
                $"corrupt?)");
        }
        using (doc)
        {
            if (K6Summary.Recognise(doc.RootElement))
            {
                string deployment = PairedDeployment(file);
                if (!File.Exists(deployment))
                {
                    throw new RunFileException(file,
                        $"a k6 summary export needs the deployment it ran against: write {deployment} (see " +
                        $"calibration/k6/README.md)");
                }
                return DeploymentFile.Read(deployment);
            }
        }
        return MeasuredRunFile.Read(file, text);
    }

    /// <summary>case-a.summary.json or case-a.json pairs with case-a.deployment.yaml.</summary>
    public static string PairedDeployment(string summaryFile)
    {
        string dir = Path.GetDirectoryName(summaryFile) ?? "";
        string stem = Path.GetFileNameWithoutExtension(summaryFile);
        if (stem.EndsWith(".summary", StringComparison.Ordinal))
        {
            stem = stem[..^".summary".Length];
        }
        return Path.Combine(dir, stem + ".deployment.yaml");
    }
}
