using CsCheck;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.Model.Tests.Scenarios;

/// <summary>A law of durations draws lengths whose mean is its stated mean, and a fixed one draws nothing.</summary>
public class DurationLawTests
{
    private static readonly Gen<DurationLaw> s_laws = Gen.OneOf(
        Gen.Double[0.5, 500].Select(m => (DurationLaw)new ExponentialDuration(m)),
        Gen.Select(Gen.Double[0.5, 500], Gen.Double[0.05, 1.5])
            .Select((m, s) => (DurationLaw)new LogNormalDuration(m, s)),
        Gen.Select(Gen.Double[0.5, 500], Gen.Double[0.05, 2]).Select((m, cv) =>
            (DurationLaw)LogNormalDuration.OfMean(m, m * cv)),
        Gen.Select(Gen.Double[0, 100], Gen.Double[0, 400])
            .Select((a, w) => (DurationLaw)new UniformDuration(a, a + w)));

    [Fact]
    public void The_mean_of_many_draws_is_the_law_s_mean_within_sampling_error()
    {
        s_laws.Sample(law =>
        {
            var stream = new RandomStream(12345);
            const int Draws = 20_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < Draws; i++)
            {
                double x = law.Draw(stream);
                Assert.True(x >= 0);
                sum += x;
                squares += x * x;
            }
            double mean = sum / Draws;
            double sd = Math.Sqrt(Math.Max(0, squares / Draws - mean * mean));
            // Five standard errors (a heavy lognormal's sample deviation understates its own: a floor of 2 %).
            double tolerance = Math.Max(5 * sd / Math.Sqrt(Draws), 0.02 * law.MeanSeconds) + 1e-9;
            return Math.Abs(mean - law.MeanSeconds) <= tolerance;
        }, iter: 60);
    }

    [Fact]
    public void A_lognormal_given_by_mean_and_deviation_has_them()
    {
        var law = LogNormalDuration.OfMean(60, 30);
        Assert.Equal(60, law.MeanSeconds, 9);
        double variance = (Math.Exp(law.Sigma * law.Sigma) - 1) * law.MeanSeconds * law.MeanSeconds;
        Assert.Equal(30, Math.Sqrt(variance), 9);
    }

    [Fact]
    public void A_fixed_duration_takes_no_random_number()
    {
        var drawn = new RandomStream(1);
        var untouched = new RandomStream(1);
        Assert.Equal(7, new FixedDuration(7).Draw(drawn));
        Assert.Equal(untouched.NextUInt64(), drawn.NextUInt64());
    }

    [Theory]
    [InlineData(-1.0, "mean must be a positive duration")]
    [InlineData(0.0, "mean must be a positive duration")]
    public void An_exponential_without_a_positive_mean_is_no_law(double mean, string words) =>
        Assert.Contains(words, new ExponentialDuration(mean).Problem());

    [Fact]
    public void A_uniform_law_whose_max_is_below_its_min_is_no_law() =>
        Assert.Contains("max must be at least min", new UniformDuration(10, 5).Problem());
}
