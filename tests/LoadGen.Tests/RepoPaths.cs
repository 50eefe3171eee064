namespace FanoutSim.LoadGen.Tests;

/// <summary>Finds the built CLI and chat server next to this test build (same configuration).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Debug" : "Release";

    public static string CliDll => Path.Combine(Root, "src", "Cli", "bin", Configuration, "net10.0", "fanoutsim.dll");

    public static string ChatServerDll => Path.Combine(Root, "src", "ChatServer", "bin", Configuration, "net10.0",
        "FanoutSim.ChatServer.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FanoutSim.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("FanoutSim.sln not found above " + AppContext.BaseDirectory);
    }
}
