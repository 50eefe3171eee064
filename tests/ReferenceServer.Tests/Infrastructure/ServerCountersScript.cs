namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>calibration/python-server-counters.py, the harness' reader of the replica's counters, run as run-local
/// runs it.</summary>
public static class ServerCountersScript
{
    private static readonly CalibrationScript s_script = new("python-server-counters.py", TimeSpan.FromSeconds(120));

    public static string Path => s_script.Path;

    /// <inheritdoc cref="CalibrationScript.RunAsync"/>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => s_script.RunAsync(args);
}
