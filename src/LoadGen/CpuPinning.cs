using System.Runtime.InteropServices;

namespace FanoutSim.LoadGen;

/// <summary>
/// Keeps the calling thread on one CPU at a time (Linux sched_setaffinity), so the speed probe can time every core:
/// on a virtual machine one vCPU can run at half speed while another runs at full (its host sibling is busy), and a
/// probe that happened to land on one of them said nothing of the other.
/// </summary>
internal static class CpuPinning
{
    // Room for 1024 CPUs, as glibc's cpu_set_t.
    private const int MaskWords = 16;

    /// <summary>The CPUs the calling thread may run on, or none where that cannot be read (not Linux).</summary>
    public static IReadOnlyList<int> Allowed()
    {
        ulong[]? mask = Current();
        if (mask is null)
        {
            return [];
        }
        var cpus = new List<int>();
        for (int cpu = 0; cpu < MaskWords * 64; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus.Add(cpu);
            }
        }
        return cpus;
    }

    /// <summary>Runs <paramref name="work"/> on <paramref name="cpu"/> only, then lets the thread run anywhere again.
    /// </summary>
    public static T On<T>(int cpu, Func<T> work)
    {
        ulong[]? before = Current();
        ulong[] only = new ulong[MaskWords];
        only[cpu / 64] = 1UL << (cpu % 64);
        bool pinned = before is not null && sched_setaffinity(0, MaskWords * sizeof(ulong), only) == 0;
        try
        {
            return work();
        }
        finally
        {
            if (pinned)
            {
                _ = sched_setaffinity(0, MaskWords * sizeof(ulong), before!);
            }
        }
    }

    private static ulong[]? Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        ulong[] mask = new ulong[MaskWords];
        return sched_getaffinity(0, MaskWords * sizeof(ulong), mask) >= 0 ? mask : null;
    }

    // pid 0 = the calling thread.
    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint cpusetsize, [Out] ulong[] mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ulong[] mask);
}
