using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Calibration;

/// <summary>
/// A cost-profile field the fitter may move, addressed by its YAML name (a view of the profile table).
/// </summary>
/// <param name="With">sets a value the fitter proposes, kept valid (counts whole and at least 1, flags 0 or 1)</param>
public sealed record ProfileParameter(string Name, Func<CostProfile, double> Get,
    Func<CostProfile, double, CostProfile> With, bool Integer = false)
{
    public static readonly IReadOnlyList<ProfileParameter> All = ProfileFields.All
        .Where(f => f.Fittable)
        .Select(f => new ProfileParameter(f.Key, f.Get, f.Fit, f.Integer))
        .ToArray();

    public static ProfileParameter Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(
            $"no fittable profile parameter '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}");
}
