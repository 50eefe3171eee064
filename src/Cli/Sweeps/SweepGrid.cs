namespace FanoutSim.Cli.Sweeps;

/// <summary>The cartesian product of the axes, last axis fastest, so point indices are stable across shards.</summary>
public static class SweepGrid
{
    public static List<IReadOnlyDictionary<string, string>> Points(IReadOnlyList<SweepAxis> axes)
    {
        var points = new List<IReadOnlyDictionary<string, string>>
        {
            new Dictionary<string, string>(StringComparer.Ordinal),
        };
        foreach (SweepAxis axis in axes)
        {
            var next = new List<IReadOnlyDictionary<string, string>>(points.Count * axis.Values.Count);
            foreach (IReadOnlyDictionary<string, string> point in points)
            {
                foreach (string value in axis.Values)
                {
                    next.Add(new Dictionary<string, string>(point, StringComparer.Ordinal) { [axis.Key] = value });
                }
            }
            points = next;
        }
        return points;
    }

    public static long Count(IReadOnlyList<SweepAxis> axes) => axes.Aggregate(1L, (n, a) => n * a.Values.Count);
}
