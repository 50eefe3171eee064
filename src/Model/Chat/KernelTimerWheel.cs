namespace FanoutSim.Model.Chat;

/// <summary>
/// When a Linux timer_list timer fires (kernel/time/timer.c): the wheel counts jiffies (1 / CONFIG_HZ s) and keeps a
/// timer in a bucket of its level, whose granularity grows with how far out the timer is (8 x per level), and the
/// expiry is rounded up to the bucket's end so that no timer fires early (calc_index). TCP's retransmission and
/// probe timers are such timers, so sockets refused a few milliseconds apart probe again together.
/// </summary>
internal static class KernelTimerWheel
{
    // Jiffies from now at which each level starts (LVL_START(n) = 63 << 3(n - 1)), and the 8-fold granularity.
    private const long LevelOneStart = 63;
    private const int LevelShift = 3;
    private const int Levels = 9;

    /// <summary>The time a timer armed at <paramref name="armedAt"/> for <paramref name="timeoutSeconds"/> fires on a
    /// wheel of <paramref name="hz"/> jiffies a second.</summary>
    public static double Expiry(double armedAt, double timeoutSeconds, double hz)
    {
        // The jiffy counter at arming, and the timeout in whole jiffies (the kernel's conversions round up).
        long now = (long)Math.Floor(armedAt * hz + 1e-9);
        long delta = Math.Max(1, (long)Math.Ceiling(timeoutSeconds * hz - 1e-9));
        int level = 0;
        long start = LevelOneStart;
        while (level < Levels - 1 && delta >= start)
        {
            level++;
            start <<= LevelShift;
        }
        int shift = level * LevelShift;
        long bucket = (((now + delta) >> shift) + 1) << shift;
        return bucket / hz;
    }
}
