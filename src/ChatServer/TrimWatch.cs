namespace FanoutSim.ChatServer;

/// <summary>
/// When to trim: the connection count has stayed at a quarter of its peak or below (and at least a minimum drop
/// under it) for a number of consecutive one-second observations. Pure, so the rule is testable without a clock.
/// </summary>
public sealed class TrimWatch
{
    private readonly int _quietSeconds;
    private readonly long _minimumDrop;
    private long _peak;
    private int _quietFor;

    public TrimWatch(int quietSeconds, long minimumDrop)
    {
        _quietSeconds = quietSeconds;
        _minimumDrop = minimumDrop;
    }

    /// <summary>One observation a second; the peak being trimmed from when it is time to trim, else null.</summary>
    public long? Observe(long connections)
    {
        _peak = Math.Max(_peak, connections);
        bool fallen = connections * 4 <= _peak && _peak - connections >= _minimumDrop;
        _quietFor = fallen ? _quietFor + 1 : 0;
        if (_quietFor < _quietSeconds)
        {
            return null;
        }

        long peak = _peak;
        _peak = connections;
        _quietFor = 0;
        return peak;
    }
}
