namespace FanoutSim.Model.Calibration;

/// <summary>
/// Splits runs into k folds for cross-validation. Runs are ordered by a stratum key (e.g. mode, bandwidth,
/// N) and dealt out in turn, so every fold holds a mix of regimes and each run is held out exactly once.
/// </summary>
public static class KFold
{
    public static int[] Assign<T>(IReadOnlyList<T> items, int k, Func<T, string> stratum)
    {
        if (k < 2 || k > items.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(k), $"k must be between 2 and the number of runs ({items.Count})");
        }
        var order = Enumerable.Range(0, items.Count).OrderBy(i => stratum(items[i]), StringComparer.Ordinal).ToList();
        int[] fold = new int[items.Count];
        for (int position = 0; position < order.Count; position++)
        {
            fold[order[position]] = position % k;
        }
        return fold;
    }
}
