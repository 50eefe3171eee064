using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// Measured connect and close times (ws_connecting, ws_closing) travel from a run file to the validation table beside
/// the model's, repeats averaged; run files written before they were recorded still read, and show no such table.
/// </summary>
public class ConnectTimesTableTests
{
    private static readonly DurationSummary s_connect = new(0.2, 0.1, 0.15, 1.2, 0.5, 0.8);
    private static readonly DurationSummary s_close = new(2.5, 0.1, 0.2, 5, 5, 5);

    private static CalibrationRun Read(RunReport report, string file) =>
        MeasuredRunFile.Read(file, RunReportJson.Serialize(report));

    private static RunReport WithTimes(RunReport r, DurationSummary connect) =>
        r with { Metrics = r.Metrics with { WsConnecting = connect, WsClosing = s_close } };

    [Fact]
    public void Measured_times_round_trip_through_json_and_average_over_repeats()
    {
        RunReport one = WithTimes(RunFiles.Measured("churn", 100, 0.8), s_connect);
        RunReport back = RunReportJson.Deserialize(RunReportJson.Serialize(one));
        Assert.Equal((s_connect, s_close, (DurationSummary?)null),
            (back.Metrics.WsConnecting, back.Metrics.WsClosing, back.Metrics.WsConnectingFailed));
        Assert.Contains("\"ws_connecting\"", RunReportJson.Serialize(one));

        CalibrationRun joined = RepeatedRuns.Join(
        [
            Read(one, "churn.json"),
            Read(WithTimes(RunFiles.Measured("churn", 100, 0.8), s_connect with { Avg = 0.4 }), "churn.r2.json"),
        ]).Runs.Single();
        Assert.Equal(0.3, joined.Observed.Connecting!.Avg, 9);
        Assert.Equal(s_close, joined.Observed.Closing);
    }

    [Fact]
    public void The_table_shows_measured_beside_predicted_times_in_ms_for_runs_that_carry_them()
    {
        CalibrationRun run = Read(WithTimes(RunFiles.Measured("churn", 100, 0.8), s_connect), "churn.json");
        var row = new ValidationRow(run.Name, run.Observed, -1, true, 0.9, 1000, 11)
        {
            PredictedConnecting = new DurationSummary(0.16, 0.154, 0.16, 0.3, 0.2, 0.25),
            PredictedClosing = new DurationSummary(0.077, 0.077, 0.077, 0.077, 0.077, 0.077),
        };

        string markdown = ValidationTable.Markdown([row], [run], "t", "cmd");

        Assert.Contains("| churn | 200 | 160 | 800 | 250 | 1200 | 300 | 2500 | 77 | 5000 | 77 |", markdown);
    }

    [Fact]
    public void A_run_file_written_before_the_times_were_recorded_reads_without_them_and_shows_no_table()
    {
        string file = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "rooms-runs",
            "n300-i1-t2-q0.03-bwnone-perconn-rooms-churn-local.json");
        CalibrationRun run = CalibrationInputs.Read(file);
        Assert.Null(run.Observed.Connecting);
        Assert.Null(RunReportJson.Deserialize(File.ReadAllText(file)).Metrics.WsConnecting);
        var row = new ValidationRow(run.Name, run.Observed, -1, true, 0.9, 1000, 11);
        Assert.DoesNotContain("ws_connecting", ValidationTable.Markdown([row], [run], "t", "cmd"));
        Assert.DoesNotContain("ws_connecting", RunSummary.Format(RunReportJson.Deserialize(File.ReadAllText(file))));
    }
}
