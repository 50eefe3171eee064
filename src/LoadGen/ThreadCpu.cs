using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>CPU time of the calling thread, to the nanosecond where Linux schedstat is available.</summary>
public static class ThreadCpu
{
    public static double Seconds()
    {
        try
        {
            // First field: nanoseconds this thread has run on a CPU.
            string text = File.ReadAllText("/proc/thread-self/schedstat");
            int space = text.IndexOf(' ');
            if (space > 0
                && long.TryParse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
            {
                return ns / 1e9;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        // Elsewhere the process clock: coarser, and other threads' work counts too.
        return ProcessCpu.OwnSeconds();
    }
}
