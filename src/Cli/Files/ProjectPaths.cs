namespace FanoutSim.Cli.Files;

/// <summary>Finds the calibration folder (profiles and catalog) beside a scenario or the working directory.</summary>
public static class ProjectPaths
{
    /// <summary>
    /// The nearest calibration/ folder above <paramref name="startFile"/>, else above the working directory.
    /// </summary>
    public static string? CalibrationDirectory(string startFile)
    {
        foreach (string start in new[] { Path.GetDirectoryName(Path.GetFullPath(startFile)) ?? ".",
            Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "calibration");
                if (File.Exists(Path.Combine(candidate, "catalog.yaml")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The folder of a calibration/ folder's named profiles (`--start NAME`, a scenario's `profile: NAME`).
    /// </summary>
    public static string ProfilesDirectory(string calibrationDir) => Path.Combine(calibrationDir, "profiles");

    /// <summary>The file of the profile <paramref name="name"/> in <paramref name="calibrationDir"/>'s profiles.
    /// </summary>
    public static string ProfileFile(string calibrationDir, string name) =>
        Path.Combine(ProfilesDirectory(calibrationDir), name + ".yaml");

    /// <summary>
    /// <paramref name="relative"/> as given when it exists, else the copy that ships beside the program.
    /// </summary>
    public static string Existing(string relative)
    {
        if (File.Exists(relative) || Path.IsPathRooted(relative))
        {
            return relative;
        }
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return relative;
    }

    /// <summary>A path as a user should read it: relative to the working directory when it lies below it.</summary>
    public static string Shown(string path)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path
            : relative.Replace('\\', '/');
    }
}
