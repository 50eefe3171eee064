using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public sealed class CacheHintTests
{
    [Fact]
    public void A_prefetch_reads_nothing_and_writes_nothing_even_past_an_array_end()
    {
        // DeliveryLatency.Touch prefetches a room's send time without a bounds check: an address past the array's
        // end must neither fault nor change the array.
        double[] values = [1.5, 2.5, 3.5];
        ref double first = ref MemoryMarshal.GetArrayDataReference(values);
        CacheHint.Prefetch(ref first);
        CacheHint.Prefetch(ref Unsafe.Add(ref first, (nint)1_000_000));
        CacheHint.PrefetchValue(ref values[2]);

        Assert.Equal([1.5, 2.5, 3.5], values);
    }
}
