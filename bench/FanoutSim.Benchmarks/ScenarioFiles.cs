namespace FanoutSim.Benchmarks;

/// <summary>Committed scenario files, found from BenchmarkDotNet's own build folder upwards.</summary>
internal static class ScenarioFiles
{
    public static string Find(string name)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "scenarios", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"scenarios/{name} not found above " + AppContext.BaseDirectory);
    }
}
