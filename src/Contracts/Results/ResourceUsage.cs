namespace FanoutSim.Model.Results;

/// <summary>How busy one resource was: utilization in [0,1] and the queue it built.</summary>
public sealed record ResourceUsage(string Name, double Utilization, double MeanQueue, double MaxQueue);
