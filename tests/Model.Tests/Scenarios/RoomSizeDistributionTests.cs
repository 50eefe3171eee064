using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Scenarios;

/// <summary>
/// A class's room sizes follow its distribution exactly: room i of n takes the size at quantile (i + 1/2) / n.
/// </summary>
public class RoomSizeDistributionTests
{
    [Fact]
    public void Uniform_sizes_cover_min_to_max_evenly()
    {
        Assert.Equal(Enumerable.Range(1, 10), new UniformRoomSizes(1, 10).Sizes(10));
        int[] sizes = new UniformRoomSizes(5, 6).Sizes(1000);
        Assert.Equal(500, sizes.Count(s => s == 5));
        Assert.Equal(500, sizes.Count(s => s == 6));
    }

    [Fact]
    public void Zipf_sizes_are_mostly_small_with_a_long_tail_in_the_laws_proportions()
    {
        int[] sizes = new ZipfRoomSizes(2, 1, 1000).Sizes(10_000);
        // P(1) = 1 / sum k^-2 over 1..1000 = 0.6082; P(2) = a quarter of that.
        Assert.InRange(sizes.Count(s => s == 1) / 10_000.0, 0.607, 0.610);
        Assert.InRange(sizes.Count(s => s == 2) / 10_000.0, 0.151, 0.153);
        Assert.Equal(sizes.Order(), sizes);
        Assert.InRange(sizes.Max(), 100, 1000);
    }

    [Fact]
    public void Log_normal_sizes_have_the_median_in_the_middle_and_stay_within_bounds()
    {
        int[] sizes = new LogNormalRoomSizes(20, 1, 2, 500).Sizes(1001);
        Assert.Equal(20, sizes[500]);
        Assert.All(sizes, s => Assert.InRange(s, 2, 500));
        // exp(1.2816) x 20 = 72: the 90th percentile.
        Assert.InRange(sizes[900], 70, 74);
    }

    [Fact]
    public void Impossible_parameters_are_named()
    {
        Assert.Contains("max", new UniformRoomSizes(10, 5).Problem());
        Assert.Contains("min", new ZipfRoomSizes(1.2, 0, 5).Problem());
        Assert.Contains("exponent", new ZipfRoomSizes(double.NaN, 2, 5).Problem());
        Assert.Contains("sigma", new LogNormalRoomSizes(10, 0, 2, 50).Problem());
        Assert.Null(new LogNormalRoomSizes(10, 0.5, 2, 50).Problem());
    }

    [Fact]
    public void A_class_counts_the_members_of_its_rooms()
    {
        var spread = new RoomClass(3, 0) { Distribution = new UniformRoomSizes(2, 4) };
        Assert.Equal(9, spread.Members);
        Assert.Equal(12, new RoomClass(3, 4).Members);
        Assert.Equal("uniform 2-4", spread.SizeText);
    }
}
