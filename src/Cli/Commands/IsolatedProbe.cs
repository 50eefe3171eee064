using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// Runs the speed probe in a fresh `fanoutsim probe` process whose runtime compiles every method fully optimised at
/// once (no tiers, no precompiled library code, no profile-guided recompiles). In the calling process the probe timed
/// whatever state the JIT was in: the same machine gave 0.85 million envelopes per CPU-second in one run and 3.2
/// million in the next (load runs of 2026-12-01), so the index measured the JIT, not the machine.
/// </summary>
internal static class IsolatedProbe
{
    private static readonly (string Name, string Value)[] s_fixedJit =
    [
        ("DOTNET_TieredCompilation", "0"),
        ("DOTNET_ReadyToRun", "0"),
        ("DOTNET_TieredPGO", "0"),
    ];

    /// <summary>This process runs with the fixed JIT settings: it is the probe's own process.</summary>
    public static bool Inside => s_fixedJit.All(v => Environment.GetEnvironmentVariable(v.Name) == v.Value);

    /// <summary>The index, measured in a child process with fixed JIT settings (or here, when this is one).</summary>
    /// <exception cref="ProbeException">the child process failed or wrote nothing readable</exception>
    /// <exception cref="OperationCanceledException">cancelled: the child is ended and its result file removed
    /// </exception>
    public static SpeedIndex Measure(double cpuSecondsEach, int repeats, CancellationToken cancel = default)
    {
        // Hosted by another program (a test host), there is no fanoutsim to start: the probe runs here.
        if (Inside || !CanStartChild)
        {
            return SpeedProbe.Measure(cpuSecondsEach, repeats);
        }
        string tmp = Path.Combine(Path.GetTempPath(),
            $"fanoutsim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        try
        {
            ProcessStartInfo start = ChildStart(
                ["probe", "--seconds", Text(cpuSecondsEach), "--repeats", Text(repeats), "--json", tmp]);
            using Process child = Process.Start(start)
                ?? throw new ProbeException("could not start the speed probe process");
            Task<string> errors = child.StandardError.ReadToEndAsync(CancellationToken.None);
            // Drained, not read: the child's summary lines are this process's to print.
            _ = child.StandardOutput.ReadToEndAsync(CancellationToken.None);
            if (!ChildExit.Wait(child, TimeSpan.FromSeconds(60 + (cpuSecondsEach * repeats * 4)), cancel))
            {
                child.Kill(entireProcessTree: true);
                throw new ProbeException("the speed probe process did not finish within its time");
            }
            if (child.ExitCode != 0 || !File.Exists(tmp))
            {
                throw new ProbeException(
                    $"the speed probe process failed (exit {child.ExitCode}): {errors.Result.Trim()}");
            }
            ProbeFile file = JsonSerializer.Deserialize<ProbeFile>(File.ReadAllText(tmp), RunReportJson.Options)
                ?? throw new ProbeException("the speed probe process wrote an empty result");
            return new SpeedIndex(file.SpeedIndex, file.SpeedIndexMin, file.SpeedIndexMax, file.Repeats,
                file.CpuSecondsEach)
            { PerCpu = file.SpeedIndexPerCpu ?? [] };
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    /// <summary>Whether probes can run in a child `fanoutsim` (not when hosted by another program, a test host).
    /// </summary>
    public static bool CanStartChild => Assembly.GetEntryAssembly()?.GetName().Name == "fanoutsim";

    /// <summary>A `fanoutsim` child with <paramref name="arguments"/> and the fixed JIT settings, output redirected.
    /// </summary>
    public static ProcessStartInfo ChildStart(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(EntryAssembly());
        }
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        foreach ((string name, string value) in s_fixedJit)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>The program's own assembly, for `dotnet fanoutsim.dll`.</summary>
    private static string EntryAssembly() => Assembly.GetEntryAssembly()!.Location;

    private static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
