namespace FanoutSim.LoadGen.Tests;

/// <summary>/proc/PID/stat lines the CPU readers are specified on.</summary>
internal static class ProcStatLines
{
    /// <summary>utime 250, stime 50, cutime 30, cstime 20 ticks; the command name holds spaces and a ')'.</summary>
    public const string Dotnet =
        "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 50 30 20 20 0 12 0 100 1000 50 0";
}
