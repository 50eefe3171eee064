namespace FanoutSim.Model.Calibration;

/// <summary>
/// Splits runs into k folds for cross-validation. Runs are ordered by a stratum key (e.g. mode, bandwidth,
/// N) and dealt out in turn, so every fold holds a mix of regimes and each run is held out exactly once. Items with
/// one stratum are dealt as one (one setup measured on two host kinds: holding one out while fitting the other would
/// leak); with distinct strata every item is dealt on its own.
/// </summary>
public static class KFold
{
    public static int[] Assign<T>(IReadOnlyList<T> items, int k, Func<T, string> stratum)
    {
        string[] keys = items.Select(stratum).ToArray();
        int strata = keys.Distinct(StringComparer.Ordinal).Count();
        if (k < 2 || k > strata)
        {
            throw new ArgumentOutOfRangeException(nameof(k), strata == items.Count
                ? $"k must be between 2 and the number of runs ({items.Count})"
                : $"k must be between 2 and the number of setups ({strata}: {items.Count} runs, some sharing one)");
        }
        var order = Enumerable.Range(0, items.Count).OrderBy(i => keys[i], StringComparer.Ordinal).ToList();
        int[] fold = new int[items.Count];
        int position = -1;
        for (int i = 0; i < order.Count; i++)
        {
            position += i == 0 || keys[order[i]] != keys[order[i - 1]] ? 1 : 0;
            fold[order[i]] = position % k;
        }
        return fold;
    }
}
