using System.Globalization;
using System.Text.Json;
using FanoutSim.LoadGen;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Calibration;

/// <summary>
/// Reads a RunReport JSON (`fanoutsim load --json`, `fanoutsim run --json`) as calibration data, checking
/// every field the fit relies on so a truncated or hand-edited file is rejected by name, never half used.
/// </summary>
public static class MeasuredRunFile
{
    /// <summary>Largest allowed gap between delivery_ratio and received / (sent x users).</summary>
    private const double RatioTolerance = 1e-3;

    /// <param name="rule">which of the run's speed indexes it is predicted at (every one is kept in
    /// <see cref="CalibrationRun.Speeds"/>)</param>
    public static CalibrationRun Read(string file, string json, SpeedRule rule = SpeedRuleText.Default)
    {
        RunReport report;
        try
        {
            report = RunReportJson.Deserialize(json);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            // A value the converters reject says what it is and what was expected; the path names the field.
            string what = e.Path is { Length: > 2 } path && !e.Message.Contains(" Path:", StringComparison.Ordinal)
                ? $"{path[2..]} {e.Message}"
                : e.Message.Split(". Path:")[0];
            throw new RunFileException(file, $"not a readable run report{where}: {what}");
        }
        if (report.Schema != RunReport.CurrentSchema)
        {
            throw new RunFileException(file, $"schema is '{report.Schema}', expected '{RunReport.CurrentSchema}'");
        }
        if (report.Source is not (RunReport.MeasuredSource or RunReport.SimulatedSource))
        {
            throw new RunFileException(file, $"source is '{report.Source}', expected 'measured' or 'simulated'");
        }
        RunSetup s = report.Setup
            ?? throw new RunFileException(file,
                "has no 'setup' (N, interval, tasks, ...): cannot rebuild its scenario");
        RunMetrics m = report.Metrics ?? throw new RunFileException(file, "has no 'metrics': nothing to fit to");
        Require(file, s.Users >= 1, "setup.users", s.Users, "at least 1");
        Require(file, s.IntervalSeconds > 0, "setup.interval_seconds", s.IntervalSeconds, "positive");
        Require(file, s.SessionSeconds > 0, "setup.session_seconds", s.SessionSeconds, "positive");
        Require(file, s.Sessions >= 1, "setup.sessions", s.Sessions, "at least 1");
        Require(file, s.Tasks >= 1, "setup.tasks", s.Tasks, "at least 1");
        Require(file, s.TaskVcpu > 0 && double.IsFinite(s.TaskVcpu), "setup.task_vcpu", s.TaskVcpu,
            "a positive CPU quota in cores");
        Require(file, s.RedisEgressMbps is null || s.RedisEgressMbps > 0, "setup.redis_egress_mbps",
            s.RedisEgressMbps ?? 0, "positive or null");
        Require(file, s.RampSeconds >= 0 && double.IsFinite(s.RampSeconds), "setup.ramp_seconds", s.RampSeconds,
            "zero or more seconds");
        Require(file, s.TaskMemoryGb > 0 && double.IsFinite(s.TaskMemoryGb), "setup.task_memory_gb", s.TaskMemoryGb,
            "a positive size in GB");
        if (s.RedisLink == RedisLink.Shaped && s.RedisEgressMbps is null)
        {
            throw new RunFileException(file, "setup.redis_link is shaped but setup.redis_egress_mbps is missing");
        }
        if (s.RedisLink == RedisLink.CatalogNode && string.IsNullOrWhiteSpace(s.RedisNode))
        {
            throw new RunFileException(file, "setup.redis_link is catalog-node but setup.redis_node names no node");
        }
        Require(file, m.WsMsgsSent > 0, "metrics.ws_msgs_sent", m.WsMsgsSent, "positive (did the run send anything?)");
        Require(file, m.WsMsgsReceived >= 0, "metrics.ws_msgs_received", m.WsMsgsReceived, "zero or more");
        // Several rooms: a message is expected by its own room's members only (metrics.expected, the sum of sent x
        // room size over the classes).
        bool rooms = s.Rooms is not null;
        Require(file, !rooms || m.Expected > 0, "metrics.expected", m.Expected, "positive with rooms");
        double ratio = (double)m.WsMsgsReceived / (rooms ? m.Expected : (double)m.WsMsgsSent * s.Users);
        Require(file, double.IsFinite(m.DeliveryRatio) && Math.Abs(m.DeliveryRatio - ratio) <= RatioTolerance,
            "metrics.delivery_ratio", m.DeliveryRatio,
            (rooms ? "ws_msgs_received / expected" : "ws_msgs_received / (ws_msgs_sent x users)")
                + $" = {ratio.ToString("0.####", CultureInfo.InvariantCulture)}");
        Require(file, double.IsFinite(m.DeliveredPerSecond) && m.DeliveredPerSecond >= 0,
            "metrics.delivered_per_second", m.DeliveredPerSecond, "a rate, zero or more");
        DurationSummary d = m.WsSessionDuration
            ?? throw new RunFileException(file, "metrics.ws_session_duration is missing");
        Require(file, d.Avg > 0 && double.IsFinite(d.Avg), "metrics.ws_session_duration.avg", d.Avg,
            "positive seconds");
        string name = string.IsNullOrWhiteSpace(s.Name) ? Path.GetFileNameWithoutExtension(file) : s.Name;
        return new CalibrationRun(name, file, s,
            new ObservedMetrics(m.DeliveryRatio, m.DeliveredPerSecond, m.WsMsgsSent, d.Avg)
            { Connecting = m.WsConnecting, Closing = m.WsClosing }, m.WsMsgsSent,
            m.WsMsgsReceived)
        {
            Contaminated = Contaminated(report),
            Speeds = Speeds(file, report),
            Host = HostKind.FromEnvironment(report.Environment),
            ServerSettings = ServerSettings(report.Environment),
        }.AtSpeed(rule);
    }

    /// <summary>
    /// The servers' extra environment settings (<see cref="CalibrationRun.ServerSettings"/>): environment.server_env
    /// ("none" or KEY=VALUE words), else, for files written before run-local recorded it, the words in brackets at the
    /// end of environment.server_cpus ("machine (DOTNET_X=0)"); sorted, so their order does not matter; null for none.
    /// </summary>
    public static string? ServerSettings(IReadOnlyDictionary<string, string>? environment)
    {
        string? text = environment?.GetValueOrDefault("server_env");
        if (text is null && environment?.GetValueOrDefault("server_cpus") is { } cpus)
        {
            int open = cpus.IndexOf(" (", StringComparison.Ordinal);
            text = open >= 0 && cpus.EndsWith(')') ? cpus[(open + 2)..^1] : null;
        }
        string[] words = (text ?? "").Split(' ',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words is [] or ["none"] ? null : string.Join(' ', words.Order(StringComparer.Ordinal));
    }

    /// <summary>`fanoutsim load`'s verdict in environment.contaminated; "unknown" or absent is no record.</summary>
    public static bool? Contaminated(RunReport report) =>
        report.Environment?.GetValueOrDefault("contaminated") switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };

    /// <summary>Every speed index the run file carries (<see cref="MeasuredSpeeds"/>); a malformed one is refused.
    /// </summary>
    public static MeasuredSpeeds Speeds(string file, RunReport report)
    {
        double? inRun = InRunSpeedIndex(report);
        return new(report.Setup?.MachineSpeedIndex, ProbesWhereRun(file, report), inRun, ProbesMachine(file, report),
            Positive(file, report, "speed_reference_us_per_copy", "a positive number of CPU-microseconds per copy"),
            inRun is { } mean
                ? RunSpeed.InRunTrace(report.TimeSeries!.Samples.Select(x => x.CpuSpeed!).ToList(),
                    report.TimeSeries.Samples.Select(x => x.ServerCpuSecondsPercpu!).ToList(), mean)
                : null);
    }

    /// <summary>
    /// The speed the servers had while the run lasted, from its time series (`fanoutsim load --speed-timeline` with
    /// --server-cpuacct): each second's per-CPU speed weighted by the servers' seconds on each CPU in it
    /// (<see cref="RunSpeed.InRun"/>); null for a run without that timeline in every sample, and for a timeline
    /// that did not judge its own noise (no speed_in_run_noisy: the 1 ms sampler of 2026-12-02, whose per-second
    /// speeds were mostly its own noise and predicted its day worse than the probes, README "All eight days").
    /// </summary>
    public static double? InRunSpeedIndex(RunReport report)
    {
        if (report.Source != RunReport.MeasuredSource || report.TimeSeries?.Samples is not { Count: > 0 } samples
            || samples.Any(x => x.CpuSpeed is null || x.ServerCpuSecondsPercpu is null)
            || report.Environment?.ContainsKey("speed_in_run_noisy") != true)
        {
            return null;
        }
        return RunSpeed.InRun(samples.Select(x => x.CpuSpeed!).ToList(),
            samples.Select(x => x.ServerCpuSecondsPercpu!).ToList());
    }

    /// <summary>
    /// The probes' speed of the CPUs the servers ran on (<see cref="RunSpeed.WhereRun"/>): environment
    /// speed_index_server_probes where the in-run sampler took speed_index_server's place, else speed_index_server;
    /// null for runs measured before the servers' placement was recorded.
    /// </summary>
    public static double? ProbesWhereRun(string file, RunReport report) =>
        Positive(file, report, "speed_index_server_probes")
        ?? (InRunRule(report) ? null : Positive(file, report, "speed_index_server"));

    /// <summary>
    /// The probes' mean over every CPU, before and after the run (<see cref="RunSpeed.Of"/>); environment speed_index
    /// for runs probed once. Null for runs measured before it was (their speed is reported unknown, never guessed).
    /// </summary>
    public static double? ProbesMachine(string file, RunReport report)
    {
        double? before = Positive(file, report, "speed_index_before");
        double? after = Positive(file, report, "speed_index_after");
        // Runs of the first probe-after build recorded the higher of the two as speed_index: recomputed by the one
        // rule, so every run's index means the same.
        return before is { } b ? RunSpeed.Of(b, after) : Positive(file, report, "speed_index");
    }

    /// <summary>speed_index_server is the in-run sampler's (`fanoutsim load` says so in its rule key).</summary>
    private static bool InRunRule(RunReport report) =>
        report.Environment?.GetValueOrDefault("speed_index_server_rule") is { } rule
        && rule.StartsWith("in-run", StringComparison.Ordinal);

    private static double? Positive(string file, RunReport report, string key,
        string expected = "a positive number of envelopes per CPU-second")
    {
        if (report.Environment?.GetValueOrDefault(key) is not { } text)
        {
            return null;
        }
        bool read = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double index);
        Require(file, read && index > 0 && double.IsFinite(index), "environment." + key, read ? index : double.NaN,
            expected);
        return index;
    }

    private static void Require(string file, bool ok, string field, double value, string expected)
    {
        if (!ok)
        {
            throw new RunFileException(file,
                $"{field} is {value.ToString(CultureInfo.InvariantCulture)}, expected {expected}");
        }
    }
}
