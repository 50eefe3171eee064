namespace FanoutSim.Cli.Files;

/// <summary>
/// Checks an output path before any work, so a long computation is never lost to a path it cannot write.
/// Nothing is created: only a probe file beside the target is written and removed again.
/// </summary>
public static class OutputPath
{
    /// <summary>A file to be written: not a folder, its nearest existing parent a writable folder.</summary>
    public static void CheckFile(string option, string? path)
    {
        if (path is null)
        {
            return;
        }
        string full = Full(option, path);
        if (Directory.Exists(full))
        {
            throw Fail(option, path, "is a folder, not a file");
        }
        CheckParent(option, path, Path.GetDirectoryName(full));
    }

    /// <summary>A folder to write files into: not a file, and writable (or creatable in a writable folder).</summary>
    public static void CheckDirectory(string option, string? path)
    {
        if (path is null)
        {
            return;
        }
        string full = Full(option, path);
        if (File.Exists(full))
        {
            throw Fail(option, path, "is a file, not a folder");
        }
        CheckParent(option, path, Directory.Exists(full) ? full : Path.GetDirectoryName(full));
    }

    private static string Full(string option, string path)
    {
        if (path.Length == 0)
        {
            throw Fail(option, path, "is empty");
        }
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Fail(option, path, "is not a valid path");
        }
    }

    private static void CheckParent(string option, string path, string? parent)
    {
        // Walk up to the first part that exists: it must be a folder, and we must be able to write there.
        for (string? dir = parent; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                throw Fail(option, path, $"'{dir}' is a file, not a folder");
            }
            if (Directory.Exists(dir))
            {
                Probe(option, path, dir);
                return;
            }
        }
    }

    private static void Probe(string option, string path, string dir)
    {
        string probe = Path.Combine(dir, $".fanoutsim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw Fail(option, path, $"cannot write in '{dir}' ({reason})");
        }
    }

    private static OutputException Fail(string option, string path, string why) =>
        new($"{option} '{path}': {why}");
}
