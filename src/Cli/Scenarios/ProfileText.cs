using FanoutSim.Model.Scenario.Profile;

namespace FanoutSim.Cli.Scenarios;

/// <summary>
/// A cost-profile value from text, as a profile file or `calibrate --set` gives it: the field's own grammar, with the
/// program's durations (the one place the profile table meets <see cref="DurationText"/>).
/// </summary>
public static class ProfileText
{
    public static bool TryParse(ProfileField field, string text, out double value, out string error) =>
        field.TryParse(text, DurationText.TryParse, out value, out error);
}
