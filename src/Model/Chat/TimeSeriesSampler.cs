using FanoutSim.Model.Results;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Samples a run every interval of simulated time. It is advanced from the event loop before each
/// event and records the state left by the events before it, so it adds no events and cannot
/// change the run's results.
/// </summary>
internal sealed class TimeSeriesSampler
{
    private readonly ChatContext _context;
    private readonly ServerTask[] _tasks;
    private readonly double _interval;
    private readonly List<TimeSample> _samples = new();
    private readonly double[] _lastBusy;
    private double _next;
    private double _lastEgressBusy;
    private double _lastEgressBytes;
    private long _lastReceived;
    private long _lastSent;

    public TimeSeriesSampler(ChatContext context, ServerTask[] tasks, double intervalSeconds)
    {
        if (!(intervalSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), "the sampling interval must be positive");
        }
        _context = context;
        _tasks = tasks;
        _interval = intervalSeconds;
        _lastBusy = new double[tasks.Length];
        _next = intervalSeconds;
    }

    public TimeSeries Result => new(_context.Scenario.Name, _interval, _samples);

    /// <summary>Records every sample time up to <paramref name="now"/> (the time of the event about to run).</summary>
    public void Advance(double now)
    {
        while (_next <= now)
        {
            Take(_next);
            _next += _interval;
        }
    }

    private void Take(double time)
    {
        long[] backlog = new long[_tasks.Length];
        double[] cpu = new double[_tasks.Length];
        for (int i = 0; i < _tasks.Length; i++)
        {
            backlog[i] = _tasks[i].CurrentBacklog;
            // A job is booked whole when it starts, so a busy interval can read a little over 1.
            cpu[i] = Math.Clamp((_tasks[i].BusyTime - _lastBusy[i]) / _interval, 0, 1);
            _lastBusy[i] = _tasks[i].BusyTime;
        }
        RedisBus redis = _context.Redis;
        ChatCounters counters = _context.Counters;
        _samples.Add(new TimeSample(time, backlog, cpu,
            // Sharded: the mean shard's egress.
            Math.Clamp((redis.EgressBusyTime - _lastEgressBusy) / _interval / redis.Shards.Count, 0, 1),
            (redis.EgressBytesSent - _lastEgressBytes) * 8 / 1e6 / _interval,
            (counters.Received - _lastReceived) / _interval,
            (counters.Sent - _lastSent) / _interval,
            _context.OpenConnections.Sum()));
        _lastEgressBusy = redis.EgressBusyTime;
        _lastEgressBytes = redis.EgressBytesSent;
        _lastReceived = counters.Received;
        _lastSent = counters.Sent;
    }
}
