using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Files;

/// <summary>
/// The committed profiles fitted on a host kind: those in calibration/profiles (where `--start NAME` and a
/// scenario's `profile: NAME` look) whose fitted_host matches it.
/// </summary>
public static class HostProfiles
{
    /// <summary>The profiles' folder beside the working directory's (or the program's) calibration/; null when none.
    /// </summary>
    public static string? Folder() =>
        ProjectPaths.CalibrationDirectory(Path.Combine(Directory.GetCurrentDirectory(), "fanoutsim")) is { } dir
            ? ProjectPaths.ProfilesDirectory(dir)
            : null;

    /// <summary>
    /// Names (file names without .yaml, as `--start` takes them) of the profiles in <paramref name="folder"/> fitted on
    /// <paramref name="host"/>'s kind, in name order. A profile that does not load is passed over (calibrate and run
    /// name its fault when it is used).
    /// </summary>
    public static IReadOnlyList<string> FittedOn(string folder, HostKind host)
    {
        var names = new List<string>();
        if (!Directory.Exists(folder))
        {
            return names;
        }
        foreach (string file in Directory.GetFiles(folder, "*.yaml")
            .OrderBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal))
        {
            try
            {
                if (ProfileFile.Read(file).FittedHost is { } fitted && fitted.Matches(host))
                {
                    names.Add(Path.GetFileNameWithoutExtension(file));
                }
            }
            catch (InputException)
            {
            }
        }
        return names;
    }
}
