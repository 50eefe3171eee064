using System.Text.Json.Serialization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Results;

/// <summary>
/// The deployment and workload a run was made against: enough to rebuild its scenario (see
/// RunSetups in the model). Files written before ramp, memory and link were recorded are completed by
/// <see cref="LegacyRunSetup"/>.
/// </summary>
/// <param name="LoadBalancer">null for a run against one server process without a balancer ("none" in files)</param>
/// <param name="RedisEgressMbps">the link's baseline rate; null for an unshaped local Redis or an unnamed rate</param>
/// <param name="RedisNode">the catalog node when <paramref name="RedisLink"/> is a catalog node; otherwise a label
/// ("local" for measured runs, "shaped-20mbps" for simulated ones)</param>
/// <param name="RampSeconds">users' first dials spread over this long</param>
/// <param name="TaskMemoryGb">memory of each server task (bounds buffered messages)</param>
/// <param name="MachineSpeedIndex">speed index (`fanoutsim probe`) of the machine the run was made or simulated for;
/// null = not recorded (a simulated run on the profile's own machine, or a run measured before the index existed)
/// </param>
public sealed record RunSetup(
    string Name,
    int Users,
    double IntervalSeconds,
    double SessionSeconds,
    int Sessions,
    int Tasks,
    [property: JsonConverter(typeof(SubscriptionModeJsonConverter))] SubscriptionMode Subscription,
    [property: JsonConverter(typeof(LoadBalancerJsonConverter))] LoadBalancing? LoadBalancer,
    double TaskVcpu,
    double? RedisEgressMbps,
    string? RedisNode,
    string? Profile,
    ulong Seed,
    double RampSeconds,
    double TaskMemoryGb,
    [property: JsonConverter(typeof(RedisLinkJsonConverter))] RedisLink RedisLink,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MachineSpeedIndex = null)
{
    /// <summary>Task memory for files that did not record it (what local runs and scenarios default to).</summary>
    public const double DefaultTaskMemoryGb = 2;
}
