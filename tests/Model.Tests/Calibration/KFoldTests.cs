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

    [Fact]
    public void Items_sharing_a_stratum_share_a_fold_and_are_dealt_as_one()
    {
        string[] runs = ["a", "b", "b", "c", "d", "d", "e", "f"];

        int[] fold = KFold.Assign(runs, 3, r => r);

        Assert.Equal(fold[1], fold[2]);
        Assert.Equal(fold[4], fold[5]);
        // Six strata dealt in turn over three folds: a0 b1 c2 d0 e1 f2.
        Assert.Equal([0, 1, 1, 2, 0, 0, 1, 2], fold);
    }

    [Fact]
    public void Distinct_strata_are_dealt_one_by_one_in_stratum_order()
    {
        string[] runs = ["c", "a", "e", "b", "d"];

        Assert.Equal([0, 0, 0, 1, 1], KFold.Assign(runs, 2, r => r));
    }

    [Fact]
    public void K_must_fit_the_number_of_strata_not_of_items() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KFold.Assign(new[] { "a", "a", "b" }, 3, r => r));
}
