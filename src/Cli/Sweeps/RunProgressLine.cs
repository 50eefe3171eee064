using FanoutSim.Model.Runs;

namespace FanoutSim.Cli.Sweeps;

/// <summary>
/// A long single run's progress on a terminal: from its second second on, stderr shows how much of the expected
/// simulated time its replications have covered, redrawn four times a second, and the line is erased when the run
/// ends. A run that ends sooner, or stderr that is not a terminal, shows nothing.
/// </summary>
internal sealed class RunProgressLine : IDisposable
{
    private static readonly TimeSpan s_firstDraw = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_redraw = TimeSpan.FromMilliseconds(250);

    private readonly ProgressBar _bar;
    private readonly RunProgress _progress;
    private readonly Timer? _timer;
    private bool _drawn;

    public RunProgressLine(string label, RunProgress progress, bool? terminal = null, TextWriter? error = null)
    {
        _progress = progress;
        bool onTerminal = terminal ?? !Console.IsErrorRedirected;
        _bar = new ProgressBar(label, 1, onTerminal, error);
        if (onTerminal)
        {
            _timer = new Timer(_ => Draw(), null, s_firstDraw, s_redraw);
        }
    }

    /// <summary>Draws once now (what the timer does; tests call it without waiting).</summary>
    public void Draw()
    {
        _drawn = true;
        _bar.ShowFraction(_progress.Fraction);
    }

    public void Dispose()
    {
        if (_timer is null)
        {
            return;
        }
        // Waits for a draw in flight, so the erase comes after it.
        using (var stopped = new ManualResetEvent(false))
        {
            _timer.Dispose(stopped);
            stopped.WaitOne();
        }
        if (_drawn)
        {
            _bar.Clear();
        }
    }
}
