using System.CommandLine;
using FanoutSim.Cli.Commands;

namespace FanoutSim.Cli.Tests.Planning;

/// <summary>
/// Runs `fanoutsim ARGS` in-process in a scratch folder with small scenarios; tests using it share one collection
/// because they redirect the console.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fanoutsim-plan-").FullName;
    }

    public string Directory { get; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>A one-session room small enough to simulate in milliseconds.</summary>
    public string Scenario(string name = "tiny", int users = 20, string extra = "")
    {
        string file = Path(name + ".yaml");
        File.WriteAllText(file,
            $"name: {name}\nusers: {users}\ninterval: 1s\nsession: 10s\nsessions: 1\ntasks: 1\nseed: 7\n{extra}");
        return file;
    }

    public (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        TextWriter stdout = Console.Out, stderr = Console.Error;
        var captureOut = new StringWriter();
        var captureErr = new StringWriter();
        Console.SetOut(captureOut);
        Console.SetError(captureErr);
        try
        {
            int code = root.Parse(args).Invoke();
            return (code, captureOut.ToString(), captureErr.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    public string[] Files() =>
        System.IO.Directory.GetFiles(Directory).Select(System.IO.Path.GetFileName).Order().ToArray()!;

    public void Dispose() => System.IO.Directory.Delete(Directory, true);
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
