using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Tests.Scenarios;

/// <summary>The scenario rules hold every cost-profile field to its bounds in the profile table, by name.</summary>
public class ScenarioRulesProfileTests
{
    public static TheoryData<string> BoundedKeys =>
        new(ProfileFields.All.Where(f => f.Unit != ProfileUnit.Flag).Select(f => f.Key));

    [Theory]
    [MemberData(nameof(BoundedKeys))]
    public void A_value_below_a_fields_bounds_is_refused_by_name(string key)
    {
        ProfileField field = ProfileFields.Find(key)!;
        double below = field.Bounds.ExclusiveMin ? field.Bounds.Min : field.Bounds.Min - 1;
        ScenarioException e = Assert.Throws<ScenarioException>(() =>
            ScenarioRules.Check(TestScenarios.Room(10, profile: field.With(TestScenarios.Python, below))));
        Assert.Equal(key, e.Key);
        Assert.Contains($"'{key}' must be", e.Message);
    }

    [Theory]
    [InlineData("cpu_jitter", 1)]
    [InlineData("cpu_drift", 1)]
    [InlineData("final_tick_wins_probability", 1.01)]
    [InlineData("handshake_cpu", double.PositiveInfinity)]
    [InlineData("delivery_cpu", double.NaN)]
    public void A_value_above_a_fields_bounds_or_not_finite_is_refused_by_name(string key, double value)
    {
        ProfileField field = ProfileFields.Find(key)!;
        ScenarioException e = Assert.Throws<ScenarioException>(() =>
            ScenarioRules.Check(TestScenarios.Room(10, profile: field.With(TestScenarios.Python, value))));
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void The_test_profile_meets_every_bound() =>
        ScenarioRules.Check(TestScenarios.Room(10));
}
