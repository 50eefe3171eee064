namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>calibration/tcp-counters.py, the harness' reader of a namespace's TCP counters, run as run-local runs it.
/// </summary>
public static class TcpCountersScript
{
    public static string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(
        PythonEnvironment.SourceDirectory, "..", "..", "calibration", "tcp-counters.py"));

    /// <summary>Its exit code and its output (stdout and stderr, lines joined with " | ").</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        string python = await PythonEnvironment.PythonAsync();
        await using var process = ChildProcess.Start(python, PythonEnvironment.SourceDirectory, [Path, .. args]);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Output);
    }
}
