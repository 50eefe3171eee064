namespace FanoutSim.Sim.Statistics;

/// <summary>Time average and maximum of a piecewise-constant level, such as a queue length.</summary>
public struct TimeWeightedAverage
{
    private double _lastTime;
    private double _level;
    private double _area;
    private double _start;
    private bool _started;

    public double Maximum { get; private set; }

    public double Level => _level;

    public void Set(double time, double level)
    {
        if (!_started)
        {
            _started = true;
            _start = time;
            _lastTime = time;
        }
        _area += _level * (time - _lastTime);
        _lastTime = time;
        _level = level;
        if (level > Maximum)
        {
            Maximum = level;
        }
    }

    public readonly double AverageUntil(double time)
    {
        if (!_started || time <= _start)
        {
            return _level;
        }
        return (_area + _level * (time - _lastTime)) / (time - _start);
    }
}
