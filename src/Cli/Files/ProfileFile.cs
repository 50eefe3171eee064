using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Reads a cost profile (calibration/profiles/NAME.yaml): its costs, one per row of the profile table, plus free-text
/// notes on how it was fitted.
/// </summary>
public static class ProfileFile
{
    private static readonly string[] s_topKeys = ["name", "description", "fitted_on", "fit", "costs"];

    public static CostProfile Load(string file)
    {
        var root = YamlMap.Load(file);
        root.RejectUnknown(s_topKeys);
        CostProfile profile = ProfileFields.Blank(root.String("name"));
        YamlMap costs = root.Map("costs");
        costs.RejectUnknown(ProfileFields.Keys);
        foreach (ProfileField field in ProfileFields.All)
        {
            profile = field.With(profile, Value(costs, field));
        }
        return profile;
    }

    /// <summary>
    /// <paramref name="field"/>'s value in <paramref name="costs"/> (its default when left out), refused with the
    /// key's position when it is not of the field's kind or out of its bounds.
    /// </summary>
    internal static double Value(YamlMap costs, ProfileField field)
    {
        if (field.Default is double fallback && !costs.Has(field.Key))
        {
            return fallback;
        }
        // A required key that is missing fails here, by name.
        string text = costs.String(field.Key);
        return field.TryParse(text, out double value, out string error)
            ? value
            : throw costs.ValueError(field.Key, error);
    }
}
