using System.Diagnostics;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// Waiting for a child `fanoutsim` (a speed probe, a bench case) so that Ctrl-C ends it within a fraction of a second
/// instead of leaving it to run out: the wait goes in short steps, each checking the command's token.
/// </summary>
internal static class ChildExit
{
    /// <summary>Whether <paramref name="child"/> ended within <paramref name="limit"/> (infinite: no limit).</summary>
    /// <exception cref="OperationCanceledException">cancelled: the child and its own children are ended first
    /// </exception>
    public static bool Wait(Process child, TimeSpan limit, CancellationToken cancel)
    {
        DateTime end = limit == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + limit;
        while (!child.WaitForExit(TimeSpan.FromMilliseconds(100)))
        {
            if (cancel.IsCancellationRequested)
            {
                child.Kill(entireProcessTree: true);
                cancel.ThrowIfCancellationRequested();
            }
            if (DateTime.UtcNow > end)
            {
                return false;
            }
        }
        // The timed wait can return before the redirected output is drained; this one waits for it.
        child.WaitForExit();
        return true;
    }
}
