using System.Text.Json.Serialization;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How a Redis node's egress allowance is enforced at the millisecond scale: a short-term token bucket at the rate
/// in force and a finite shaping queue, whose overflow is dropped and retransmitted by TCP. AWS publishes neither
/// number; a catalog or scenario states them.
/// </summary>
/// <param name="BucketBytes">bytes that pass at once after a quiet spell</param>
/// <param name="QueueBytes">bytes that may wait to be sent; a packet beyond them is dropped</param>
/// <param name="RateGbps">the rate the shaper enforces at this scale; null = the allowance in force (the burst rate
/// while network credit lasts, the baseline after). AWS calls bursting "best effort": a node may be held to its
/// baseline at the millisecond scale while its average is far below it.</param>
/// <param name="MssBytes">the link's TCP maximum segment size (payload bytes): a held-back subscriber's pending
/// copies leave coalesced in segments of up to this much, so one drop holds back many copies (loopback 65483, AWS
/// 8949 with jumbo frames, 1448 without); null = every copy its own packet, as if nothing were ever coalesced (and
/// left out of JSON, so a plan without it is written as before)</param>
public sealed record EgressShaping(double BucketBytes, double QueueBytes, double? RateGbps = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MssBytes = null);
