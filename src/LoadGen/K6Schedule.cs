namespace FanoutSim.LoadGen;

/// <summary>
/// The k6 `ws` session clock: setInterval(send, interval) and setTimeout(close, session), both armed when
/// the socket opens. Ticks fall at k x interval; a tick that lands on the close instant races the close.
/// </summary>
public static class K6Schedule
{
    /// <summary>Ticks that certainly send (strictly before the close).</summary>
    public static int CertainSends(TimeSpan interval, TimeSpan session)
    {
        long i = interval.Ticks;
        long s = session.Ticks;
        return (int)((s - 1) / i);
    }

    /// <summary>Most sends a session can make: the certain ones plus a tick landing exactly on the close.</summary>
    public static int MaxSends(TimeSpan interval, TimeSpan session) => (int)(session.Ticks / interval.Ticks);

    /// <summary>Offset from open of the k-th tick (k from 1), without drift accumulated over ticks.</summary>
    public static TimeSpan TickAt(TimeSpan interval, int k) => TimeSpan.FromTicks(interval.Ticks * k);

    /// <summary>
    /// Start offset of user <paramref name="index"/> of <paramref name="users"/> spread over the ramp with seeded
    /// jitter.
    /// </summary>
    public static TimeSpan StartOffset(int index, int users, TimeSpan ramp, Random jitter)
    {
        if (ramp <= TimeSpan.Zero || users <= 0)
        {
            return TimeSpan.Zero;
        }
        double slot = (index + jitter.NextDouble()) / users;
        return TimeSpan.FromTicks((long)(ramp.Ticks * slot));
    }
}
