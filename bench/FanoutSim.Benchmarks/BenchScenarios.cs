namespace FanoutSim.Benchmarks;

/// <summary>The committed scenario files the cases load.</summary>
internal static class BenchScenarios
{
    /// <summary>scenarios/<paramref name="file"/>, found upwards from the case's build folder (BenchmarkDotNet runs
    /// a case from its own).</summary>
    public static string Path(string file)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "scenarios", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"scenarios/{file} not found above " + AppContext.BaseDirectory);
    }
}
