namespace FanoutSim.Model.Scenarios;

/// <summary>When a user's sends happen during a session.</summary>
public enum SendProcess
{
    /// <summary>Every interval from the socket's open, as k6's setInterval (late by up to `send_jitter`).</summary>
    Ticks,

    /// <summary>A Poisson process of the same mean rate: exponential gaps, as independent real users.</summary>
    Poisson,
}
