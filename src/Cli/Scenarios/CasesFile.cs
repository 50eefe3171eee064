using FanoutSim.Model.Calibration;

namespace FanoutSim.Cli.Scenarios;

/// <summary>Reads a reference-cases file: the profile to fit and, per case, a scenario with what was measured.</summary>
public static class CasesFile
{
    private static readonly string[] s_topKeys = ["profile", "cases"];
    private static readonly string[] s_caseKeys = ["scenario", "delivery_ratio", "delivered_per_s", "ws_msgs_sent", "session_avg"];

    public static (string Profile, IReadOnlyList<CalibrationCase> Cases) Load(string file)
    {
        YamlMap root = YamlMap.Load(file);
        root.RejectUnknown(s_topKeys);
        string dir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var cases = new List<CalibrationCase>();
        foreach (var (name, c) in root.Map("cases").Maps())
        {
            c.RejectUnknown(s_caseKeys);
            string scenarioPath = Path.Combine(dir, c.String("scenario"));
            if (!File.Exists(scenarioPath))
            {
                throw c.ValueError("scenario", $"no scenario file at '{scenarioPath}'");
            }
            var observed = new ObservedMetrics(
                c.Number("delivery_ratio", min: 0),
                c.Has("delivered_per_s") ? c.Number("delivered_per_s", min: 0) : null,
                c.Has("ws_msgs_sent") ? c.Number("ws_msgs_sent", min: 0) : null,
                c.Has("session_avg") ? c.Seconds("session_avg", min: 0) : null);
            cases.Add(new CalibrationCase(name, ScenarioFile.Load(scenarioPath), observed));
        }
        if (cases.Count == 0)
        {
            throw root.ValueError("cases", "expected at least one case");
        }
        return (root.String("profile"), cases);
    }
}
