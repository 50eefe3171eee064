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
}
