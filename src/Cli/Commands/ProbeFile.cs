namespace FanoutSim.Cli.Commands;

/// <summary>
/// What `fanoutsim probe --json` writes: the index, its spread and the CPU, named as in a run's environment.
/// </summary>
internal sealed record ProbeFile(
    double SpeedIndex,
    double SpeedIndexMin,
    double SpeedIndexMax,
    double SpeedIndexSpread,
    int Repeats,
    double CpuSecondsEach,
    string Unit,
    string? CpuModel,
    double? CpuMhz,
    int Nproc,
    string LoadavgBefore,
    IReadOnlyList<double>? SpeedIndexPerCpu = null)
{
    /// <summary>This machine's host kind (as a profile's fitted_host); null when unknown.</summary>
    public string? HostKind { get; init; }

    /// <summary>The committed profiles fitted on it (null: no calibration/ folder or an unknown kind).</summary>
    public IReadOnlyList<string>? ProfilesFittedOnHostKind { get; init; }
}
