using System.Globalization;

namespace FanoutSim.Model.Scenarios;

/// <summary>How one user sends: every interval (k6's ticks, each late by up to the jitter), a Poisson process of the
/// same mean rate, or not at all.</summary>
/// <param name="IntervalSeconds">mean time between two sends of one user</param>
/// <param name="JitterSeconds">with ticks, each send this much later than its tick at most (uniform); 0 with Poisson
/// sends</param>
public sealed record SendTiming(double IntervalSeconds, SendProcess Sends, double JitterSeconds)
{
    /// <summary>As a report shows it: "every 5 s", "every 5 s + up to 0.2 s", "poisson, mean 5 s", "none".</summary>
    public string Text => Sends == SendProcess.None ? "none"
        : Sends == SendProcess.Poisson ? I($"poisson, mean {IntervalSeconds:0.###} s")
        : JitterSeconds > 0 ? I($"every {IntervalSeconds:0.###} s + up to {JitterSeconds:0.###} s")
        : I($"every {IntervalSeconds:0.###} s");

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
