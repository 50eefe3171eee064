using System.Globalization;
using System.Runtime.InteropServices;

namespace FanoutSim.Cli;

/// <summary>
/// Asks Linux to back the runtime's heap with transparent huge pages (2 MB) where the system leaves that to each
/// program (`/sys/kernel/mm/transparent_hugepage/enabled` = madvise, the usual default). A large run (a service of a
/// million connections: hundreds of megabytes read at random, a room's entries here, a connection's row there)
/// otherwise misses the processor's address cache (TLB) on most reads and walks the page tables for each; with 2 MB
/// pages the same reads find their pages 512 times more often. The collector reserves its whole address range when
/// the runtime starts and commits parts of it as the heap grows: advising the reservation at once covers what the
/// run allocates from then on. Only a hint, no effect on results; where it cannot be given (not Linux, no such range,
/// the call refused) nothing happens.
/// </summary>
internal static class HugePages
{
    // Linux's MADV_HUGEPAGE.
    private const int AdviseHugePage = 14;

    // The collector's reservation is tens of gigabytes of address space; nothing else the runtime maps is near this.
    private const long SmallestReservation = 1L << 30;

    /// <summary>Advises every anonymous mapping of at least a gigabyte (the collector's reserved range).</summary>
    public static void AdviseHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                if (AnonymousRange(line) is ({ } start, { } length) && length >= SmallestReservation)
                {
                    _ = MAdvise((nint)start, (nuint)length, AdviseHugePage);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException
            or EntryPointNotFoundException)
        {
            // No maps to read or no libc to call: the heap stays on the system's default pages.
        }
    }

    /// <summary>A line of /proc/self/maps ("start-end perms offset dev inode [path]"): its range when nothing is
    /// mapped from a file (no path), else nulls.</summary>
    internal static (long? Start, long? Length) AnonymousRange(string line)
    {
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[0].Split('-') is not [string from, string to])
        {
            return (null, null);
        }
        long start = long.Parse(from, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        long end = long.Parse(to, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (start, end - start);
    }

    // DllImport, not LibraryImport: a blittable call needs no generated marshalling, nor unsafe code in the project.
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int MAdvise(nint address, nuint length, int advice);
}
