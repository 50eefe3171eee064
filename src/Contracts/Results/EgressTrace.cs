namespace FanoutSim.Model.Results;

/// <summary>
/// Redis egress of one simulated run at a fine grain, for plots: bytes that left per millisecond, and what a shaped
/// egress dropped and retransmitted per 100 ms. Held in memory only (not written to run files).
/// </summary>
/// <param name="BytesPerMs">bytes that left in each millisecond from the start</param>
/// <param name="AllowanceMbps">the rate the node is held to at this scale (its shaping rate, else its baseline)</param>
/// <param name="DropsPer100Ms">packets dropped in each 100 ms; null for a fluid egress</param>
/// <param name="RetransmissionsPer100Ms">lost copies sent again in each 100 ms; null for a fluid egress</param>
public sealed record EgressTrace(
    IReadOnlyList<double> BytesPerMs,
    double AllowanceMbps,
    IReadOnlyList<double>? DropsPer100Ms,
    IReadOnlyList<double>? RetransmissionsPer100Ms);
