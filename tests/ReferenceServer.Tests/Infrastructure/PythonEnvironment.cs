namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>Debian's Python with the server's packages, and where the server's sources are.</summary>
public static class PythonEnvironment
{
    public const string Packages =
        "python3-fastapi python3-uvicorn python3-redis python3-websockets python3-grpcio python3-protobuf";

    private static readonly Lazy<Task<string>> s_checked = new(CheckAsync);

    /// <summary>/usr/bin/python3 (Debian's packages are on no other interpreter's path), checked once.</summary>
    public static Task<string> PythonAsync() => s_checked.Value;

    public static string SourceDirectory { get; } = FindSources();

    private static async Task<string> CheckAsync()
    {
        string python = Environment.GetEnvironmentVariable("REFERENCE_SERVER_PYTHON") ?? "/usr/bin/python3";
        string missing = $"The ReferenceServer tests need Debian's Python packages: apt-get install -y {Packages}";
        if (!File.Exists(python))
        {
            throw new InvalidOperationException($"{python} was not found. {missing}");
        }

        await using var probe = ChildProcess.Start(
            python, SourceDirectory, ["-c", "import fastapi, uvicorn, redis, websockets, grpc, google.protobuf"]);
        int exitCode = await probe.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            string lastLine = probe.Output.Split(" | ")[^1];
            throw new InvalidOperationException($"{python} lacks a package ({lastLine}). {missing}");
        }

        return python;
    }

    private static string FindSources()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("REFERENCE_SERVER_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "ReferenceServer");
            if (File.Exists(Path.Combine(candidate, "server.py")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"src/ReferenceServer/server.py was not found above {AppContext.BaseDirectory} (set REFERENCE_SERVER_DIR)");
    }
}
