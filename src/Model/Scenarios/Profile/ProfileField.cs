using System.Globalization;

namespace FanoutSim.Model.Scenarios.Profile;

/// <summary>
/// One row of the cost-profile table (<see cref="ProfileFields"/>): its YAML key, unit, default, bounds, how the
/// fitter moves it, when the writer writes it, what it means, and how to read and set it on a profile.
/// Every value is carried as a double: counts are whole numbers, flags are 0 or 1.
/// </summary>
/// <param name="With">sets the value as given (the reader and --set); the fitter goes through <see cref="Fit"/></param>
public sealed record ProfileField(string Key, ProfileUnit Unit, Func<CostProfile, double> Get,
    Func<CostProfile, double, CostProfile> With, string Doc)
{
    /// <summary>The value a profile file that leaves the key out gets; null = the key is required.</summary>
    public double? Default { get; init; }

    public ProfileBounds Bounds { get; init; } = ProfileBounds.ZeroOrMore;

    public bool Fittable { get; init; } = true;

    /// <summary>What a value the fitter proposes becomes (it moves every value continuously, in log space).</summary>
    public Func<double, double> FitValue { get; init; } = v => v;

    /// <summary>Whether the profile writer writes the field for this profile.</summary>
    public Func<CostProfile, bool> Written { get; init; } = _ => true;

    /// <summary>
    /// CPU work (seconds of a core, or cores a runtime burns): it takes longer on a slower machine, so
    /// <see cref="SpeedScaling"/> scales it by the ratio of machine speeds.
    /// </summary>
    public bool CpuWork { get; init; }

    /// <summary>The fitter moves the field in whole steps.</summary>
    public bool Integer => Unit is ProfileUnit.Count or ProfileUnit.Flag;

    public CostProfile Fit(CostProfile profile, double value) => With(profile, FitValue(value));

    public ProfileField DefaultsTo(double value) => this with { Default = value };

    public ProfileField Within(ProfileBounds bounds) => this with { Bounds = bounds };

    /// <summary>
    /// Default 0 and written only when used: profiles without the mechanism read and write as before.
    /// </summary>
    public ProfileField Optional() => this with { Default = 0, Written = p => Get(p) > 0 };

    public ProfileField WrittenWhen(Func<CostProfile, bool> written) => this with { Written = written };

    public ProfileField FittedAs(Func<double, double> fitValue) => this with { FitValue = fitValue };

    public ProfileField IsCpuWork() => this with { CpuWork = true };

    /// <summary>Recorded with the profile, never moved by the fitter.</summary>
    public ProfileField NotFitted() => this with { Fittable = false };

    /// <summary>The value <paramref name="text"/> (from YAML or --set) stands for, or why it is refused.</summary>
    public bool TryParse(string text, out double value, out string error)
    {
        bool read = Unit switch
        {
            ProfileUnit.Seconds => DurationText.TryParse(text, out value),
            ProfileUnit.Count => TryParseWhole(text, out value),
            ProfileUnit.Flag => TryParseFlag(text, out value),
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) &&
                double.IsFinite(value),
        };
        if (!read)
        {
            error = $"expected {Expected}, got '{text}'";
            return false;
        }
        error = Problem(value) ?? "";
        return error.Length == 0;
    }

    /// <summary>Why <paramref name="value"/> is out of bounds, or null when it is fine.</summary>
    public string? Problem(double value)
    {
        string unit = Unit == ProfileUnit.Seconds ? " s" : "";
        string got = value.ToString(CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            return $"must be finite and {Bounds.Describe(unit)}, got {got}";
        }
        return Bounds.Contains(value) ? null : $"must be {Bounds.Describe(unit)}, got {got}";
    }

    /// <summary>
    /// The shortest text that reads back as exactly <paramref name="value"/> (the simulation is sensitive to the
    /// last bit, and a profile must reproduce the residuals recorded in it): NNms when that round-trips, else seconds.
    /// </summary>
    public string Text(double value)
    {
        if (Unit == ProfileUnit.Flag)
        {
            return value != 0 ? "true" : "false";
        }
        string plain = value.ToString("R", CultureInfo.InvariantCulture);
        if (Unit != ProfileUnit.Seconds)
        {
            return plain;
        }
        string ms = (value * 1e3).ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(ms, CultureInfo.InvariantCulture) * 0.001 == value ? ms + "ms" : plain;
    }

    private string Expected => Unit switch
    {
        ProfileUnit.Seconds => "a duration such as 1s, 500ms or 2m",
        ProfileUnit.Count => "a whole number",
        ProfileUnit.Flag => "true or false",
        _ => "a number",
    };

    private static bool TryParseWhole(string text, out double value)
    {
        bool read = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int whole);
        value = whole;
        return read;
    }

    private static bool TryParseFlag(string text, out double value)
    {
        value = text == "true" ? 1 : 0;
        return text is "true" or "false";
    }
}
