namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How a <see cref="LoadBalancing"/> is written: round-robin, least-connections, room-affine ("none": no
/// balancer).
/// </summary>
public static class LoadBalancingText
{
    /// <summary>A run against one server process had no balancer; run files say so with this word.</summary>
    public const string None = "none";

    public static readonly TextMap<LoadBalancing> Map = new(
        (LoadBalancing.RoundRobin, "round-robin"),
        (LoadBalancing.LeastConnections, "least-connections"),
        (LoadBalancing.RoomAffine, "room-affine"));

    public static string ToText(this LoadBalancing balancer) => Map.Text(balancer);

    public static string ToText(this LoadBalancing? balancer) => balancer is { } b ? Map.Text(b) : None;
}
