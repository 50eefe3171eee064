using FanoutSim.Model.Chat;
using FanoutSim.Sim.Events;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>
/// Plays a shaped egress's own events the way the simulation does, for the tests that drive one by hand: a retransmit
/// event retries its subscriber with everything published so far, a catch-up moves its gate.
/// </summary>
internal static class ShapedEgressDriver
{
    /// <summary>
    /// Runs the events due up to <paramref name="until"/>; after each, <paramref name="observed"/> gets the event and
    /// whether it was a timer retry (<see cref="ShapedEgress.TimerRetries"/> grew).
    /// </summary>
    public static void Run(ShapedEgress egress, Simulator<ChatEvent> simulator, int published,
        double until = double.PositiveInfinity, Action<ChatEvent, bool>? observed = null)
    {
        while (simulator.Pending > 0 && simulator.NextEventTime <= until && simulator.TryNext(out ChatEvent e))
        {
            long timers = egress.TimerRetries;
            if (e.Kind == ChatEventKind.RedisRetransmit)
            {
                egress.Retransmit(e.Subscriber, simulator.Now, published);
            }
            else if (e.Kind == ChatEventKind.RedisCatchUp)
            {
                egress.CatchUp(e.Subscriber, e.UpTo);
            }
            observed?.Invoke(e, egress.TimerRetries > timers);
        }
    }
}
