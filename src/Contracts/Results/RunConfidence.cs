namespace FanoutSim.Model.Results;

/// <summary>95 % confidence half-widths over replications for the headline metrics.</summary>
public sealed record RunConfidence(int Replications, double DeliveryRatioHalfWidth, double DeliveredPerSecondHalfWidth,
    double SentHalfWidth, double SessionAvgHalfWidth);
