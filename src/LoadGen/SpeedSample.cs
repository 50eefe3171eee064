using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>
/// One short timing of the speed probe's work on one CPU during a run: <paramref name="Rate"/> envelopes per
/// CPU-second of the sampling thread, <paramref name="Seconds"/> after the run's start (negative: before it).
/// </summary>
public sealed record SpeedSample(double Seconds, int Cpu, double Rate)
{
    /// <summary>
    /// The sampler process's line for one sample: "TIMESTAMP CPU RATE", TIMESTAMP in <see
    /// cref="System.Diagnostics.Stopwatch"/> ticks (CLOCK_MONOTONIC on Linux: one clock for every process), so the
    /// load generator places it on its own run clock however late it reads the line.
    /// </summary>
    public static string Line(long timestamp, int cpu, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{timestamp} {cpu} {rate:0.#}");

    /// <summary>A sampler line on the run clock that started at <paramref name="started"/>; null when malformed.
    /// </summary>
    public static SpeedSample? Parse(string line, long started)
    {
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 3
            || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp)
            || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int cpu)
            || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate)
            || !(rate > 0) || !double.IsFinite(rate))
        {
            return null;
        }
        return new SpeedSample((timestamp - started) / (double)System.Diagnostics.Stopwatch.Frequency, cpu, rate);
    }
}
