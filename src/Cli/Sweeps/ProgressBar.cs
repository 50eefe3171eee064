using System.Diagnostics;

namespace FanoutSim.Cli.Sweeps;

/// <summary>
/// Progress on stderr: a redrawn bar on a terminal, a few plain lines when stderr is a file or a
/// CI log (where carriage returns would pile up), so stdout stays free for results.
/// </summary>
internal sealed class ProgressBar
{
    private readonly string _label;
    private readonly int _total;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private int _lastPlainPercent = -1;
    private long _lastDrawMs = -1000;
    private int _lastWidth;

    private readonly TextWriter _error;

    public ProgressBar(string label, int total, bool? terminal = null, TextWriter? error = null)
    {
        _label = label;
        _total = Math.Max(1, total);
        _terminal = terminal ?? !Console.IsErrorRedirected;
        _error = error ?? Console.Error;
    }

    /// <summary>
    /// On a terminal, redraws the bar at <paramref name="fraction"/> of the work (a single run's simulated time);
    /// elsewhere nothing, so logs stay free of carriage returns.
    /// </summary>
    public void ShowFraction(double fraction)
    {
        if (!_terminal)
        {
            return;
        }
        lock (_gate)
        {
            double f = Math.Clamp(fraction, 0, 1);
            // Floored: a run stretched past its expected end stays at 99 % until it is done.
            DrawBar(f, $"{Math.Floor(f * 100):0} % of simulated time");
        }
    }

    /// <summary>Erases the bar's line (a display that leaves no trace above the results).</summary>
    public void Clear()
    {
        if (_terminal)
        {
            lock (_gate)
            {
                _error.Write("\r" + new string(' ', _lastWidth) + "\r");
            }
        }
    }

    public void Advance()
    {
        lock (_gate)
        {
            _done++;
            if (_terminal)
            {
                if (_done == _total || _clock.ElapsedMilliseconds - _lastDrawMs >= 100)
                {
                    _lastDrawMs = _clock.ElapsedMilliseconds;
                    Draw();
                }
                return;
            }
            // Plain lines: every point for small sweeps, else every 10 %.
            int percent = _done * 100 / _total;
            if (_total <= 20 || percent / 10 > _lastPlainPercent / 10 || _done == _total)
            {
                _lastPlainPercent = percent;
                _error.WriteLine($"{_label}: {_done}/{_total} points ({percent} %), " +
                    $"{_clock.Elapsed.TotalSeconds:0.0} s");
            }
        }
    }

    public void Finish()
    {
        if (_terminal)
        {
            lock (_gate)
            {
                Draw();
                _error.WriteLine();
            }
        }
    }

    private void Draw() => DrawBar((double)_done / _total, $"{_done}/{_total} points");

    private void DrawBar(double fraction, string count)
    {
        const int width = 30;
        int filled = (int)(fraction * width);
        double elapsed = _clock.Elapsed.TotalSeconds;
        // No guess at the very end: a run past its expected simulated time has no honest one.
        string eta = fraction is <= 0 or >= 0.99 ? "" : $", ~{elapsed / fraction * (1 - fraction):0} s left";
        string line = $"\r{_label} [{new string('#', filled)}{new string('-', width - filled)}] " +
            $"{count}, {elapsed:0.0} s{eta}   ";
        _lastWidth = Math.Max(_lastWidth, line.Length);
        _error.Write(line);
    }
}
