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
/// <param name="RedisShapingBucketKb">short-term bucket of a shaped egress (see RedisShapingQueueKb); null = the
/// egress is a fluid average-rate pipe</param>
/// <param name="RedisShapingQueueKb">shaping queue of a shaped egress, whose overflow is dropped</param>
/// <param name="RedisShapingRateGbps">rate a shaped egress enforces at the millisecond scale; null = the allowance
/// in force</param>
/// <param name="RedisShapingMssBytes">TCP segment size of a shaped egress's link, which coalesces a held-back
/// subscriber's copies (loopback: 65483); null = one packet per copy</param>
/// <param name="RedisCredits">share of the node's network credit at the start, when not full</param>
/// <param name="SendJitterSeconds">each send up to this much after its tick; null = exact ticks</param>
/// <param name="Sends">"poisson" for Poisson sends; null = ticks</param>
/// <param name="Rooms">the rooms, class by class, users placed in order (RoomNames names room i); null = one room of
/// every user</param>
/// <param name="RedisTopology">how Redis is sharded ("client-sharded", "cluster", "cluster-sharded"); null = one
/// node</param>
/// <param name="RedisShards">shards (masters) of a sharded Redis; null with one node</param>
/// <param name="Churn">session lifetimes and reconnects as text, for reading (the three keys after it rebuild them);
/// null = fixed sessions back to back</param>
/// <param name="SessionLaw">the law every session draws its length from (the scenario's `session` as a law); null =
/// each lasts <paramref name="SessionSeconds"/></param>
/// <param name="Reconnect">the gap before a user's next dial (the scenario's `reconnect`); null = none</param>
/// <param name="DurationSeconds">users reconnect until this long after the start (the scenario's `duration`); null =
/// each makes <paramref name="Sessions"/> sessions</param>
/// <param name="SpeedTrace">the machine's speed second by second relative to <paramref name="MachineSpeedIndex"/>
/// (the scenario's `speed_trace`, or a measured run's own under `calibrate --speed-rule in-run-trace`); null = a
/// steady speed</param>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MachineSpeedIndex = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RedisShapingBucketKb = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RedisShapingQueueKb = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RedisCredits = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RedisShapingRateGbps = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SendJitterSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sends = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RunRoomClass>? Rooms = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RedisTopology = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RedisShards = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Churn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunDuration? SessionLaw = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunDuration? Reconnect = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DurationSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RedisShapingMssBytes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? SpeedTrace = null)
{
    /// <summary>Task memory for files that did not record it (what local runs and scenarios default to).</summary>
    public const double DefaultTaskMemoryGb = 2;
}
