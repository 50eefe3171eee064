using System.Globalization;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Joins run files that measured the same setup under the same name (calibration/run-local with REPEATS) into one
/// calibration case whose observed figures are the means. A saturated server on a shared machine scatters by several
/// points from one run to the next; the fit and the held-out check should see the setup's typical behaviour, and
/// all repeats of a setup land in the same fold, so none of them is ever used to predict another. Repeats are joined
/// per host kind (<see cref="CalibrationRun.Host"/>): one setup measured on two kinds is two cases (a profile fits one
/// kind; their mean would stand for neither machine), named by <see cref="KindName"/>, both in one fold (their
/// <see cref="CalibrationRun.SetupName"/> is one stratum).
/// </summary>
public static class RepeatedRuns
{
    public static CalibrationInputs.Outcome Join(IReadOnlyList<CalibrationRun> runs)
    {
        var joined = new List<CalibrationRun>();
        var problems = new List<RunFileException>();
        foreach (IGrouping<string, CalibrationRun> group in runs.GroupBy(r => r.Name, StringComparer.Ordinal))
        {
            CalibrationRun first = group.First();
            string key = Key(first);
            (CalibrationRun Run, string Key) different = group.Skip(1).Select(r => (Run: r, Key: Key(r)))
                .FirstOrDefault(r => r.Key != key);
            if (different.Run is not null)
            {
                problems.Add(new RunFileException(different.Run.File,
                    $"run name '{group.Key}' is also used by {first.File} with a different setup ({different.Key} vs " +
                    $"{key}); repeats must match, other runs need their own names"));
                continue;
            }
            List<List<CalibrationRun>> kinds = ByKind(group);
            foreach (List<CalibrationRun> kind in kinds)
            {
                CalibrationRun run = kind.Count == 1 ? kind[0] : Mean(kind);
                joined.Add(kinds.Count == 1
                    ? run
                    : run with
                    {
                        Name = KindName(group.Key, kind[0].Host, kinds.Select(k => k[0].Host)),
                        SetupName = group.Key,
                    });
            }
        }
        return new CalibrationInputs.Outcome(joined, problems);
    }

    /// <summary>
    /// A setup's name when its runs span several host kinds: "NAME [2596 MHz]" (the kind's clock), or "NAME [the
    /// kind's full text]" when two of the kinds share a clock, "NAME [no host kind]" for the runs that record none.
    /// The one name a case is shown and keyed by: tables, CSV, residuals, folds, a profile's fitted_on.
    /// </summary>
    /// <param name="kinds">every kind the setup's runs span (for the short form's uniqueness)</param>
    public static string KindName(string name, HostKind? kind, IEnumerable<HostKind?> kinds)
    {
        static string Clock(HostKind k) => string.Create(CultureInfo.InvariantCulture, $"{k.Mhz:0.#} MHz");
        if (kind is null)
        {
            return $"{name} [no host kind]";
        }
        bool shared = kinds.Count(k => k is not null && Clock(k) == Clock(kind)) > 1;
        return $"{name} [{(shared ? kind.ToText() : Clock(kind))}]";
    }

    /// <summary>A name's runs split by host kind (<see cref="HostKind.Matches"/>), in the order each kind first
    /// appears; runs without a kind are a group of their own.</summary>
    private static List<List<CalibrationRun>> ByKind(IEnumerable<CalibrationRun> runs)
    {
        var groups = new List<List<CalibrationRun>>();
        foreach (CalibrationRun r in runs)
        {
            List<CalibrationRun>? same = groups.FirstOrDefault(g => g[0].Host is { } h
                ? r.Host is { } k && h.Matches(k)
                : r.Host is null);
            if (same is null)
            {
                groups.Add([r]);
            }
            else
            {
                same.Add(r);
            }
        }
        return groups;
    }

    /// <summary>
    /// Everything that shapes the rebuilt scenario, and the servers' settings
    /// (<see cref="CalibrationRun.ServerSettings"/>: a runtime setting changes what the real servers did, not the
    /// scenario); two runs with equal keys are repeats of one experiment.
    /// </summary>
    public static string Key(CalibrationRun r)
    {
        RunSetup s = r.Setup;
        return string.Create(CultureInfo.InvariantCulture,
            $"N {s.Users}, interval {s.IntervalSeconds} s, {s.Sessions} x {s.SessionSeconds} s, ramp {r.RampSeconds} " +
            $"s, {s.Tasks} x {s.TaskVcpu} cores, {s.Subscription.ToText()}, {s.LoadBalancer.ToText()}, Redis " +
            $"{r.RedisNode ?? (s.RedisEgressMbps is { } m ? m + " Mbit/s" : "unshaped")}, {r.TaskMemoryGb} GB, " +
            $"server settings {r.ServerSettings ?? "none"}");
    }

    /// <summary>The repeats' mean summary when every repeat recorded one, else null.</summary>
    private static DurationSummary? SummaryMean(IReadOnlyList<CalibrationRun> repeats,
        Func<ObservedMetrics, DurationSummary?> pick) =>
        repeats.All(r => pick(r.Observed) is not null)
            ? DurationSummary.Mean([.. repeats.Select(r => pick(r.Observed)!)])
            : null;

    /// <summary>
    /// The repeats' replayed speeds (<see cref="RunSetup.SpeedTrace"/>) second by second, each second's mean over the
    /// repeats (a repeat past its own last second counting 1); null unless every repeat has one.
    /// </summary>
    private static double[]? MeanTrace(IReadOnlyList<CalibrationRun> repeats)
    {
        if (repeats.Any(r => r.Setup.SpeedTrace is null))
        {
            return null;
        }
        double[] mean = new double[repeats.Max(r => r.Setup.SpeedTrace!.Count)];
        for (int i = 0; i < mean.Length; i++)
        {
            mean[i] = repeats.Average(r => i < r.Setup.SpeedTrace!.Count ? r.Setup.SpeedTrace[i] : 1);
        }
        return mean;
    }

    private static CalibrationRun Mean(IReadOnlyList<CalibrationRun> repeats)
    {
        double? MeanOf(Func<ObservedMetrics, double?> pick) =>
            repeats.All(r => pick(r.Observed) is not null) ? repeats.Average(r => pick(r.Observed)!.Value) : null;

        var observed = new ObservedMetrics(
            repeats.Average(r => r.Observed.DeliveryRatio),
            MeanOf(o => o.DeliveredPerSecond),
            MeanOf(o => o.WsMsgsSent),
            MeanOf(o => o.SessionAvgSeconds))
        {
            Connecting = SummaryMean(repeats, o => o.Connecting),
            Closing = SummaryMean(repeats, o => o.Closing),
        };
        CalibrationRun first = repeats[0];
        // Repeats made on one host kind differ in speed by the probe's noise and the day's load; their mean stands for
        // all (repeats on two kinds are never joined: Join splits them first).
        double? speed = repeats.All(r => r.Setup.MachineSpeedIndex is not null)
            ? repeats.Average(r => r.Setup.MachineSpeedIndex!.Value)
            : null;
        return first with
        {
            Setup = first.Setup with { MachineSpeedIndex = speed, SpeedTrace = MeanTrace(repeats) },
            Observed = observed,
            Sent = repeats.Sum(r => r.Sent),
            Received = repeats.Sum(r => r.Received),
            Repeats = repeats,
        };
    }
}
