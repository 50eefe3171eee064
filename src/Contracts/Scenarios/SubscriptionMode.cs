namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How server tasks subscribe to the room channel, which sets how many copies Redis sends per PUBLISH.
/// </summary>
public enum SubscriptionMode
{
    /// <summary>Every WebSocket has its own Redis subscription: N copies per message (the reference server).</summary>
    PerConnection,

    /// <summary>One subscription per server task, fanned out locally: one copy per task.</summary>
    PerTask,
}
