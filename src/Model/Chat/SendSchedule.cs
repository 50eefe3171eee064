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
}
