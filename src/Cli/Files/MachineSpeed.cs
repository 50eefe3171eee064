using System.Globalization;
using FanoutSim.Cli.Commands;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Files;

/// <summary>
/// The one grammar of a target machine's speed, for the scenario key `machine_speed` and `--machine-speed`: a speed
/// index (`fanoutsim probe`'s envelopes per CPU-second), a machine the catalog names (its `machines:` section), or
/// `probe` to measure the machine this runs on.
/// </summary>
public static class MachineSpeed
{
    public const string Key = "machine_speed";

    public const string Probe = "probe";

    // One probe per process: a sweep or plan loads its scenario once per point.
    private static readonly Lazy<double> s_probed = new(() =>
    {
        SpeedIndex probed = IsolatedProbe.Measure(LoadSpeedProbe.CpuSecondsEach * 5, LoadSpeedProbe.Repeats);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine_speed: this machine's speed index is {probed.Median:0} ({probed.SpreadText})"));
        return probed.Median;
    });

    /// <summary>The index <paramref name="text"/> stands for; null (why: <paramref name="error"/>) if none.</summary>
    public static double? Resolve(string text, Catalog catalog, out string error)
    {
        error = "";
        if (text == Probe)
        {
            return s_probed.Value;
        }
        if (catalog.MachineSpeeds.TryGetValue(text, out double named))
        {
            return named;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double index)
            && double.IsFinite(index) && index > 0)
        {
            return index;
        }
        string known = catalog.MachineSpeeds.Count == 0 ? "none" : string.Join(", ", catalog.MachineSpeeds.Keys);
        error = $"expected a positive speed index (envelopes per CPU-second, as `fanoutsim probe` prints), "
            + $"'{Probe}', or a machine of {catalog.File} (known: {known}); got '{Echoed.Capped(text)}'";
        return null;
    }
}
