namespace FanoutSim.Cli.Tests.Infrastructure;

/// <summary>
/// A temporary folder holding a copy of the repository's calibration/ (catalog and profiles) and
/// scenarios written by the test, removed afterwards.
/// </summary>
internal sealed class ScenarioWorkspace : IDisposable
{
    public ScenarioWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("fanoutsim-cli-").FullName;
        string source = Path.Combine(RepositoryRoot(), "calibration");
        Directory.CreateDirectory(Path.Combine(Root, "calibration", "profiles"));
        File.Copy(Path.Combine(source, "catalog.yaml"), Path.Combine(Root, "calibration", "catalog.yaml"));
        foreach (string profile in Directory.GetFiles(Path.Combine(source, "profiles"), "*.yaml"))
        {
            File.Copy(profile, Path.Combine(Root, "calibration", "profiles", Path.GetFileName(profile)));
        }
    }

    public string Root { get; }

    public const string SmallRoom = """
        name: small
        users: 20
        interval: 1s
        session: 10s
        sessions: 1
        tasks: 1
        profile: aws-fargate-python
        redis_node: cache.t4g.small
        seed: 7
        """;

    public string Write(string name, string yaml)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, yaml.Replace("\r\n", "\n"));
        return path;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FanoutSim.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
