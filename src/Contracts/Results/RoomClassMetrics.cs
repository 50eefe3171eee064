namespace FanoutSim.Model.Results;

/// <summary>
/// One class of rooms in a run (<paramref name="Rooms"/> rooms of <paramref name="Size"/> members, the mean when their
/// sizes are spread): what its members sent, what they received of what they should have (each send once per member of
/// its room), averaged over replications.
/// </summary>
public sealed record RoomClassMetrics(
    int Rooms,
    int Size,
    double Sent,
    double Received,
    double Expected,
    double DeliveryRatio,
    double ReceivedPerSecond)
{
    /// <summary>How the class's sizes are spread (e.g. "zipf 1.2, 2-500"); null when every room has the same size.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sizes { get; init; }

    /// <summary>How the class's users send (e.g. "poisson, mean 5 s") when it differs from the run's top level; null
    /// when the class sends as the rest.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sends { get; init; }

    /// <summary>"shared" when the class's rooms hold users of the classes before it (each in several rooms); null
    /// when its members are its own.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Members { get; init; }

    /// <summary>The class's own message size (e.g. "500 B"); null when it has the profile's.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MessageBytes { get; init; }

    /// <summary>Send-to-receipt latency of the class's deliveries; null where none was measured.</summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public LatencySummary? Latency { get; init; }

    /// <summary>The replications' mean, class by class (every replication lists the same classes in order).</summary>
    public static IReadOnlyList<RoomClassMetrics> Mean(IReadOnlyList<IReadOnlyList<RoomClassMetrics>> replications)
    {
        var mean = new List<RoomClassMetrics>();
        for (int k = 0; k < replications[0].Count; k++)
        {
            RoomClassMetrics first = replications[0][k];
            double sent = replications.Average(r => r[k].Sent);
            double received = replications.Average(r => r[k].Received);
            double expected = replications.Average(r => r[k].Expected);
            mean.Add(first with
            {
                Sent = sent,
                Received = received,
                Expected = expected,
                DeliveryRatio = expected > 0 ? received / expected : 1,
                ReceivedPerSecond = replications.Average(r => r[k].ReceivedPerSecond),
                Latency = first.Latency is null
                    ? null
                    : LatencySummary.Mean([.. replications.Select(r => r[k].Latency!)]),
            });
        }
        return mean;
    }
}
