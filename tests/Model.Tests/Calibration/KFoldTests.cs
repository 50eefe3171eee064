using FanoutSim.Model.Calibration;

namespace FanoutSim.Model.Tests.Calibration;

public class KFoldTests
{
    [Fact]
    public void Every_item_is_held_out_exactly_once_and_folds_are_balanced()
    {
        string[] runs = Enumerable.Range(0, 24).Select(i => $"{(i % 3 == 0 ? "per-task" : "per-connection")}|{i:00}")
            .ToArray();
        int[] fold = KFold.Assign(runs, 4, r => r);
        Assert.Equal(24, fold.Length);
        Assert.All(fold, f => Assert.InRange(f, 0, 3));
        Assert.All(Enumerable.Range(0, 4), f => Assert.Equal(6, fold.Count(x => x == f)));
        // Stratified: each fold holds both modes.
        Assert.All(Enumerable.Range(0, 4),
            f => Assert.Equal(2, runs.Where((_, i) => fold[i] == f).Select(r => r.Split('|')[0]).Distinct().Count()));
    }

    [Fact]
    public void K_must_fit_the_data() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Assign(new[] { "a", "b" }, 3, r => r));
}
