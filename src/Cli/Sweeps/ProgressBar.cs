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

    public ProgressBar(string label, int total, bool? terminal = null)
    {
        _label = label;
        _total = Math.Max(1, total);
        _terminal = terminal ?? !Console.IsErrorRedirected;
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
                Console.Error.WriteLine($"{_label}: {_done}/{_total} points ({percent} %), " +
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
                Console.Error.WriteLine();
            }
        }
    }

    private void Draw()
    {
        const int width = 30;
        int filled = _done * width / _total;
        double elapsed = _clock.Elapsed.TotalSeconds;
        string eta = _done == 0 || _done == _total ? "" : $", ~{elapsed / _done * (_total - _done):0} s left";
        Console.Error.Write($"\r{_label} [{new string('#', filled)}{new string('-', width - filled)}] " +
            $"{_done}/{_total} points, {elapsed:0.0} s{eta}   ");
    }
}
