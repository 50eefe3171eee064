namespace FanoutSim.Model.Scenarios;

/// <summary>How the load balancer picks a task for a new WebSocket.</summary>
public enum LoadBalancing
{
    RoundRobin,
    LeastConnections,
}
