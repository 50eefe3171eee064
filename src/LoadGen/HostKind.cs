using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// The kind of machine a run ran on, as far as a cost profile is concerned: CPU model, logical CPU count and nominal
/// clock. A profile fitted on one kind predicts that kind a day later within a few pp; across kinds, whatever the speed
/// index, the committed profiles missed by 20-45 pp on average (README "Host kinds").
/// </summary>
/// <param name="CpuModel">/proc/cpuinfo's model name (environment cpu_model)</param>
/// <param name="Cpus">logical CPUs the machine has (environment machine_nproc, else nproc)</param>
/// <param name="Mhz">/proc/cpuinfo's cpu MHz, the mean over CPUs (environment cpu_mhz)</param>
public sealed record HostKind(string CpuModel, int Cpus, double Mhz)
{
    /// <summary>
    /// How far two kinds' clocks may differ and still match. On these VMs /proc/cpuinfo gives the host's nominal MHz
    /// (2096 or 2596.1 every run of a host, never a boost clock), so 1 % only absorbs rounding; the two host kinds
    /// measured differ by 24 %.
    /// </summary>
    public const double MhzTolerance = 0.01;

    /// <summary>The form <see cref="TryParse"/> reads, for error messages.</summary>
    public const string Form = "'CPU MODEL, N CPUs, MHZ MHz' (e.g. 'AMD EPYC, 2 CPUs, 2096 MHz')";

    /// <summary>
    /// Same model, same CPU count, clocks within <see cref="MhzTolerance"/>. The kernel is not part of the kind:
    /// sessions b-i ran kernel 6.18.44-fc-v1045 and R v1272 on the 2096 MHz kind, and the profile `local` fitted on
    /// F-I held on R (README "Session R (another host, 2096 MHz as b-i)").
    /// </summary>
    public bool Matches(HostKind other) =>
        string.Equals(CpuModel, other.CpuModel, StringComparison.Ordinal) && Cpus == other.Cpus
        && Math.Abs(Mhz - other.Mhz) <= MhzTolerance * Math.Max(Mhz, other.Mhz);

    /// <summary>"AMD EPYC, 2 CPUs, 2096 MHz": what a profile's fitted_host holds.</summary>
    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel}, {Cpus} {(Cpus == 1 ? "CPU" : "CPUs")}, {Mhz:0.#} MHz");

    public override string ToString() => ToText();

    /// <summary>Reads <see cref="ToText"/>'s form; the model may itself hold commas (the last two parts are read).
    /// </summary>
    public static bool TryParse(string? text, out HostKind kind, out string error)
    {
        kind = null!;
        string[] parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 3)
        {
            error = $"expected {Form}, got '{text}'";
            return false;
        }
        string model = string.Join(", ", parts[..^2]);
        string[] cpus = parts[^2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] mhz = parts[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (model.Length == 0 || cpus.Length != 2 || cpus[1] is not ("CPU" or "CPUs")
            || !int.TryParse(cpus[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1
            || mhz.Length != 2 || mhz[1] != "MHz"
            || !double.TryParse(mhz[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double clock)
            || !(clock > 0) || !double.IsFinite(clock))
        {
            error = $"expected {Form}, got '{text}'";
            return false;
        }
        kind = new HostKind(model, count, clock);
        error = "";
        return true;
    }

    /// <summary>
    /// The kind a run file's environment records (<see cref="MachineFacts"/>, calibration/run-local's machine_*
    /// keys); null when any part is missing or unknown (runs measured elsewhere: k6 exports, simulated runs).
    /// machine_nproc comes first: the load generator's own nproc can be 1 where the runtime took a task's CPU quota for
    /// its own (session H).
    /// </summary>
    public static HostKind? FromEnvironment(IReadOnlyDictionary<string, string>? environment)
    {
        if (environment is null)
        {
            return null;
        }
        string? model = Known(environment, "cpu_model") ?? Known(environment, "machine_cpu_model");
        string? cpus = Known(environment, "machine_nproc") ?? Known(environment, "nproc");
        string? mhz = Known(environment, "cpu_mhz");
        return model is not null
            && int.TryParse(cpus, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1
            && double.TryParse(mhz, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double clock)
            && clock > 0
            ? new HostKind(model, count, clock)
            : null;
    }

    /// <summary>This machine's kind, as <see cref="MachineFacts.Collect"/> would record it; null when /proc/cpuinfo
    /// names no model or clock.</summary>
    public static HostKind? OfMachine()
    {
        var cpu = CpuInfo.ReadMachine();
        return cpu is { Model: { } model, Mhz: { } mhz }
            ? new HostKind(model, Environment.ProcessorCount, Math.Round(mhz, 1))
            : null;
    }

    private static string? Known(IReadOnlyDictionary<string, string> environment, string key) =>
        environment.GetValueOrDefault(key) is { } v && v.Trim() is { Length: > 0 } t && t != "unknown" ? t : null;
}
