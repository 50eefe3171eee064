using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Asks the processor to bring a value into the cache and goes on at once (a software prefetch). The touches ahead of
/// a message's work (its tasks' room entries, their recipients, the next event's rows) used to be plain reads: each
/// read's miss held up every later instruction's retirement until it came, so a message's dozen misses overlapped only
/// as far as the reorder buffer reached (a profile of the service of a million connections put a fifth of its samples
/// on those reads). A prefetch retires at once and never faults, so the misses all go out together while the work
/// goes on. Nothing is read or changed: results are the same with or without it. On a processor without the
/// instruction (not x86) it does nothing.
/// </summary>
internal static class CacheHint
{
    /// <summary>Brings the cache line holding <paramref name="at"/> in (a hint; may be any address, even past an
    /// array's end: a prefetch never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            // The address is used at once and only as a hint: should the collector move the object meanwhile, a
            // stale line is fetched, nothing more.
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }

    /// <summary>Brings in both ends of the value at <paramref name="at"/> (it may straddle two cache lines).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void PrefetchValue<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            byte* first = (byte*)Unsafe.AsPointer(ref at);
            Sse.Prefetch0(first);
            Sse.Prefetch0(first + Unsafe.SizeOf<T>() - 1);
        }
    }
}
