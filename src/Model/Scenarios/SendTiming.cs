namespace FanoutSim.Model.Scenarios;

/// <summary>How one user sends: every interval (k6's ticks, each late by up to the jitter) or a Poisson process of the
/// same mean rate.</summary>
/// <param name="IntervalSeconds">mean time between two sends of one user</param>
/// <param name="JitterSeconds">with ticks, each send this much later than its tick at most (uniform); 0 with Poisson
/// sends</param>
public sealed record SendTiming(double IntervalSeconds, SendProcess Sends, double JitterSeconds);
