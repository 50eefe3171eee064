namespace FanoutSim.Sim.Resources;

/// <summary>What a <see cref="BurstShaper"/> did with one burst.</summary>
/// <param name="Accepted">packets sent, in order: the first Accepted of the burst</param>
/// <param name="Queued">of those, packets that waited in the shaping queue</param>
/// <param name="Dropped">packets the full queue dropped: the burst's last ones</param>
/// <param name="LastDeparture">when the last accepted packet leaves (the offer instant when none waited)</param>
public readonly record struct ShapedBurst(int Accepted, int Queued, int Dropped, double LastDeparture);
