namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>A Python script of calibration/ run with Debian's Python from the replica's folder, as the harness runs it.
/// </summary>
public sealed class CalibrationScript(string fileName, TimeSpan timeout)
{
    public string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(
        PythonEnvironment.SourceDirectory, "..", "..", "calibration", fileName));

    /// <summary>Its exit code and its output (stdout and stderr, lines joined with " | ").</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        string python = await PythonEnvironment.PythonAsync();
        await using var process = ChildProcess.Start(python, PythonEnvironment.SourceDirectory, [Path, .. args]);
        int exitCode = await process.WaitForExitAsync(timeout);
        return (exitCode, process.Output);
    }

    /// <summary>Bad input: the script stops with exit code 2 and one line saying what was wrong, no traceback.
    /// </summary>
    public async Task AssertRefusedAsync(string expected, params string[] args)
    {
        (int code, string output) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("Traceback", output);
    }
}
