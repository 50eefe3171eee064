namespace FanoutSim.Model.Scenarios;

/// <summary>What the k6 script does: N users in one room, each running back-to-back sessions.</summary>
/// <param name="Users">members of the room (N)</param>
/// <param name="IntervalSeconds">time between two sends of one user</param>
/// <param name="SessionSeconds">socket lifetime from open to the client's close call</param>
/// <param name="Sessions">sessions (k6 iterations) per user, back to back</param>
/// <param name="RampSeconds">users start uniformly spread over [0, ramp)</param>
/// <param name="SendJitterSeconds">each send comes this much later than its tick at most (uniform), as real users
/// do; 0 = k6's exact ticks (a send that would fall after the close is not made)</param>
/// <param name="Sends">ticks every interval (k6), or a Poisson process of the same mean rate</param>
public sealed record Workload(
    int Users,
    double IntervalSeconds,
    double SessionSeconds,
    int Sessions,
    double RampSeconds,
    double SendJitterSeconds = 0,
    SendProcess Sends = SendProcess.Ticks);
