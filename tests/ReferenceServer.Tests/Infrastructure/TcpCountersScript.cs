namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>calibration/tcp-counters.py, the harness' reader of a namespace's TCP counters, run as run-local runs it.
/// </summary>
public static class TcpCountersScript
{
    private static readonly CalibrationScript s_script = new("tcp-counters.py", TimeSpan.FromSeconds(60));

    public static string Path => s_script.Path;

    /// <inheritdoc cref="CalibrationScript.RunAsync"/>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => s_script.RunAsync(args);
}
