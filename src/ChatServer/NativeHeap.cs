using System.Runtime.InteropServices;

namespace FanoutSim.ChatServer;

/// <summary>
/// The C allocator's side of giving memory back: glibc keeps freed blocks in its arenas (one per thread that
/// allocated, up to 8 per core) and returns them to the OS only at the top of a heap; malloc_trim(0) releases every
/// free page. Native buffers of sockets and the runtime's own allocations land there during a burst.
/// </summary>
internal static class NativeHeap
{
    /// <summary>Releases free pages of every glibc arena; does nothing where there is no glibc (musl, macOS).</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator returns memory its own way.
        }
    }

    // DllImport, not LibraryImport: a blittable call needs no generated marshalling, nor unsafe code in the project.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
