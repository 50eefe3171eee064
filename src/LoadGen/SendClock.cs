using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.LoadGen;

/// <summary>
/// When one user's sends fall in a session, as the model times them (ChatSimulation): k6's ticks at k x interval from
/// the open, each up to the jitter late (uniform), or a Poisson process of the same mean rate. A send that would fall
/// after the close is not made (the session's close cancels the wait). The draws come from the user's own stream, so a
/// seed fixes every user's offsets whatever the threads do.
/// </summary>
internal sealed class SendClock
{
    private readonly SendTiming _timing;
    private readonly TimeSpan _interval;
    private readonly RandomStream? _draws;
    private int _k;
    private double _poissonSeconds;

    /// <param name="draws">the user's stream; needed unless the timing is exact ticks</param>
    public SendClock(SendTiming timing, RandomStream? draws)
    {
        _timing = timing;
        _interval = TimeSpan.FromSeconds(timing.IntervalSeconds);
        bool random = timing.Sends == SendProcess.Poisson || timing.JitterSeconds > 0;
        _draws = random ? draws ?? throw new ArgumentNullException(nameof(draws)) : null;
    }

    /// <summary>The user's stream of send draws: one per user, so no user's draws move another's.</summary>
    public static RandomStream Stream(ulong seed, int user) => new RandomStreams(seed).For("send-times", user);

    /// <summary>The stream of a seat in a shared room (a user's room past its first): one per seat, so a user's first
    /// room draws as it did.</summary>
    public static RandomStream SeatStream(ulong seed, int seat) => new RandomStreams(seed).For("send-times-seat", seat);

    /// <summary>The user sends at all (its class's sends are not none).</summary>
    public bool Sends => _timing.Sends != SendProcess.None;

    /// <summary>A session opened: its sends count from here.</summary>
    public void Restart()
    {
        _k = 0;
        _poissonSeconds = 0;
    }

    /// <summary>The session's next send, as an offset from its open.</summary>
    public TimeSpan Next()
    {
        if (_timing.Sends == SendProcess.None)
        {
            // A class that never sends (a server-fed channel): its first send is due after any close.
            return TimeSpan.MaxValue;
        }
        _k++;
        if (_timing.Sends == SendProcess.Poisson)
        {
            _poissonSeconds += _draws!.Exponential(_timing.IntervalSeconds);
            return TimeSpan.FromSeconds(_poissonSeconds);
        }
        TimeSpan tick = K6Schedule.TickAt(_interval, _k);
        return _timing.JitterSeconds > 0
            ? tick + TimeSpan.FromSeconds(_draws!.Uniform(0, _timing.JitterSeconds))
            : tick;
    }
}
