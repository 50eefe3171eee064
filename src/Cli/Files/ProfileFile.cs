using FanoutSim.LoadGen;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Reads a cost profile (calibration/profiles/NAME.yaml): its costs, one per row of the profile table, plus free-text
/// notes on how it was fitted and, optionally, the kind of host it was fitted on.
/// </summary>
public static class ProfileFile
{
    /// <summary>The host kind every run of the fit ran on (absent: fitted elsewhere, e.g. on AWS from k6 exports).
    /// </summary>
    public const string FittedHostKey = "fitted_host";

    private static readonly string[] s_topKeys = ["name", "description", "fitted_on", FittedHostKey, "fit", "costs"];

    /// <summary>A profile file's costs and the host kind they were fitted on (null when it names none).</summary>
    public sealed record Contents(CostProfile Profile, HostKind? FittedHost);

    public static CostProfile Load(string file) => Read(file).Profile;

    public static Contents Read(string file)
    {
        var root = YamlMap.Load(file);
        root.RejectUnknown(s_topKeys);
        CostProfile profile = ProfileFields.Blank(root.String("name"));
        HostKind? host = FittedHost(root);
        YamlMap costs = root.Map("costs");
        costs.RejectUnknown(ProfileFields.Keys);
        foreach (ProfileField field in ProfileFields.All)
        {
            profile = field.With(profile, Value(costs, field));
        }
        return new Contents(profile, host);
    }

    private static HostKind? FittedHost(YamlMap root)
    {
        if (!root.Has(FittedHostKey))
        {
            return null;
        }
        return HostKind.TryParse(root.String(FittedHostKey), out HostKind host, out string error)
            ? host
            : throw root.ValueError(FittedHostKey, error);
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
