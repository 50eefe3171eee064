namespace FanoutSim.Model.Scenarios;

/// <summary>When a user's sends happen during a session.</summary>
public enum SendProcess
{
    /// <summary>Every interval from the socket's open, as k6's setInterval (late by up to `send_jitter`).</summary>
    Ticks,

    /// <summary>A Poisson process of the same mean rate: exponential gaps, as independent real users.</summary>
    Poisson,

    /// <summary>The users send nothing in the class's rooms (a channel the server feeds, such as a personal one): the
    /// rooms only hold subscriptions. A room class's value, not the top level's.</summary>
    None,
}
