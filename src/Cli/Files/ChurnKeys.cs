using System.Globalization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Files;

/// <summary>
/// Session lifetimes and reconnect churn as scenario keys, at the top level and per room class: `session` and
/// `reconnect` take a duration or a law (`distribution: exponential` with `mean`; `lognormal` with `median` and
/// `sigma`, or `mean` and `sd`; `uniform` with `min` and `max`); `duration` (top level only) runs the churn as a steady
/// state until then, instead of a count of `sessions`.
/// </summary>
public static class ChurnKeys
{
    public const string Session = "session";
    public const string Reconnect = "reconnect";
    public const string Duration = "duration";

    /// <summary>The keys a room class may set, each over the top level's.</summary>
    public static readonly string[] ClassKeys = [Session, Reconnect];

    private static readonly Dictionary<string, Func<YamlMap, DurationLaw>> s_laws = new(StringComparer.Ordinal)
    {
        ["exponential"] = law => Only(law, ["mean"], () => new ExponentialDuration(Positive(law, "mean"))),
        ["lognormal"] = LogNormal,
        ["uniform"] = Uniform,
    };

    /// <summary>A law the key holds as a mapping; null when it holds a plain duration or is absent.</summary>
    public static DurationLaw? Law(YamlMap map, string key) => map.HasMap(key) ? Read(map.Map(key)) : null;

    /// <summary>The key's duration or law; null when absent. A plain duration is a fixed law.</summary>
    public static DurationLaw? DurationOrLaw(YamlMap map, string key, bool zeroAllowed) =>
        !map.Has(key) ? null
        : map.HasMap(key) ? Read(map.Map(key))
        : new FixedDuration(map.Seconds(key, min: 0, exclusiveMin: !zeroAllowed));

    /// <summary>The run length, refused beside a count of sessions (one would be silently ignored).</summary>
    public static double? RunSeconds(YamlMap map) =>
        !map.Has(Duration) ? null
        : map.Has("sessions")
            ? throw map.ValueError(Duration, "give either sessions (each user's count) or duration (users reconnect "
                + "until the run's end), not both")
            : map.Seconds(Duration, min: 0, exclusiveMin: true);

    private static DurationLaw Read(YamlMap law)
    {
        Func<YamlMap, DurationLaw> make = law.Choice("distribution", s_laws);
        DurationLaw made = make(law);
        return made.Problem() is { } problem ? throw law.Error(problem) : made;
    }

    private static DurationLaw LogNormal(YamlMap law)
    {
        if (law.Has("mean") || law.Has("sd"))
        {
            return Only(law, ["mean", "sd"],
                () => LogNormalDuration.OfMean(Positive(law, "mean"), Positive(law, "sd")));
        }
        return Only(law, ["median", "sigma"], () =>
            new LogNormalDuration(Positive(law, "median"), law.Number("sigma", min: 0, exclusiveMin: true)));
    }

    private static DurationLaw Uniform(YamlMap law)
    {
        law.RejectUnknown(["distribution", "min", "max"]);
        double min = law.Seconds("min", min: 0);
        double max = law.Seconds("max", min: 0);
        return max >= min ? new UniformDuration(min, max)
            : throw law.ValueError("max", string.Create(CultureInfo.InvariantCulture,
                $"must be at least min ({min:0.###} s), got {max:0.###} s"));
    }

    private static double Positive(YamlMap law, string key) => law.Seconds(key, min: 0, exclusiveMin: true);

    /// <summary>The law <paramref name="make"/> reads, once the map holds no key but `distribution` and
    /// <paramref name="keys"/> (an unknown key is named before a missing one).</summary>
    private static DurationLaw Only(YamlMap law, string[] keys, Func<DurationLaw> make)
    {
        law.RejectUnknown(["distribution", .. keys]);
        return make();
    }
}
