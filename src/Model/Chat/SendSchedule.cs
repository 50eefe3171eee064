using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>k6's setInterval against setTimeout(close): which send ticks happen in a session.</summary>
public static class SendSchedule
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Ticks strictly before the close, and whether one more tick lands on the close instant and
    /// races it (at interval 1 s and session 10 s: 9 ticks, and the 10th races the close).
    /// </summary>
    public static (int TicksBeforeClose, bool FinalTickRacesClose) Ticks(double interval, double session)
    {
        double ratio = session / interval;
        long whole = (long)Math.Round(ratio);
        if (Math.Abs(ratio - whole) <= Tolerance * Math.Max(1, ratio))
        {
            return ((int)Math.Max(0, whole - 1), whole >= 1);
        }
        return ((int)Math.Floor(ratio), false);
    }

    /// <summary>
    /// The most sends one session of <paramref name="session"/> seconds makes, for the room kept per session: its
    /// ticks and the racing one; Poisson sends have no fixed count, so six standard deviations above the mean.
    /// </summary>
    public static int MostSends(SendTiming timing, double session)
    {
        if (timing.Sends == SendProcess.None)
        {
            return 0;
        }
        if (timing.Sends == SendProcess.Poisson)
        {
            double mean = session / timing.IntervalSeconds;
            return (int)Math.Ceiling(mean + 6 * Math.Sqrt(mean) + 10);
        }
        (int ticks, bool racing) = Ticks(timing.IntervalSeconds, session);
        return ticks + (racing ? 1 : 0);
    }
}
