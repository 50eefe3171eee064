namespace FanoutSim.Model.Scenarios;

/// <summary>How the load balancer picks a task for a new WebSocket.</summary>
public enum LoadBalancing
{
    RoundRobin,
    LeastConnections,

    /// <summary>Every member of a room on one task: rooms dealt largest first to the task with the fewest members.
    /// </summary>
    RoomAffine,
}
