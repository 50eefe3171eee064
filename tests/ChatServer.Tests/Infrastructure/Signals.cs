namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>libc kill(2): the signals a container runtime or an operator sends, without depending on a kill binary.
/// </summary>
internal static class Signals
{
    public const int Term = 15;
    public const int Stop = 19;
    public const int Continue = 18;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if kill(2) failed.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
