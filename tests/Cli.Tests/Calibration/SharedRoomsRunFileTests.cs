using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// A run of users in several rooms (`members: shared`, `sends: none`) records its classes so `calibrate` rebuilds the
/// same rooms and traffic: a simulated run's file fed back is predicted exactly.
/// </summary>
public class SharedRoomsRunFileTests
{
    [Fact]
    public void A_simulated_run_of_users_in_several_rooms_is_predicted_at_no_error()
    {
        using var ws = new ScenarioWorkspace();
        string scenario = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "scenarios",
            "rooms-personal-and-group-local.yaml");
        string json = Path.Combine(ws.Root, "run.json");
        CliProcess.Result run = CliProcess.Run(ws.Root, "run", scenario, "--set", "replications=1", "--json", json);
        Assert.True(run.ExitCode == 0, run.Stderr);
        string compact = string.Concat(File.ReadAllText(json).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("\"rooms\":[{\"count\":30,\"size\":10},{\"count\":300,\"size\":1,\"members\":\"shared\","
            + "\"sends\":\"none\"}]", compact);

        CliProcess.Result predicted = CliProcess.Run(ws.Root, "calibrate", json, "--start", "local", "--predict-only",
            "--replications", "1");
        Assert.True(predicted.ExitCode == 0, predicted.Stderr);
        Assert.Contains("mean absolute error 0.0 pp; worst 0.0 pp", predicted.Stdout);
        // The same deliveries to the message, not only the same ratio: measured and predicted delivered/s agree.
        string[][] rows = [.. predicted.Stdout.Split('\n')
            .Where(l => l.StartsWith("| rooms-personal-and-group-local |", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))];
        Assert.Equal(2, rows.Length);
        string[] row = rows[0];
        Assert.Equal(row[14], row[15]);
        Assert.Equal("300", row[2]);
        // A simulated run carries the model's connect and close times: the second table, measured as predicted.
        string[] times = rows[1];
        Assert.Equal((times[2], times[4], times[8]), (times[3], times[5], times[9]));
    }
}
