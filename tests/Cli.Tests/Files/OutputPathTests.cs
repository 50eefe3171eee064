using FanoutSim.Cli.Files;

namespace FanoutSim.Cli.Tests.Files;

public sealed class OutputPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fanoutsim-output-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_file_in_a_folder_not_yet_made_is_accepted_and_nothing_is_created()
    {
        OutputPath.CheckFile("--json", Path.Combine(_root, "new", "deeper", "out.json"));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void A_folder_given_as_a_file_is_refused_naming_the_option_and_path()
    {
        OutputException e = Assert.Throws<OutputException>(() => OutputPath.CheckFile("--json", _root));
        Assert.StartsWith($"--json '{_root}': is a folder", e.Message);
    }

    [Fact]
    public void A_file_under_a_file_is_refused()
    {
        string file = Path.Combine(_root, "file");
        File.WriteAllText(file, "x");
        OutputException e = Assert.Throws<OutputException>(
            () => OutputPath.CheckFile("-o", Path.Combine(file, "sub", "out.csv")));
        Assert.Contains("is a file, not a folder", e.Message);
    }

    [Fact]
    public void A_file_given_as_a_folder_is_refused()
    {
        string file = Path.Combine(_root, "file.png");
        File.WriteAllText(file, "x");
        Assert.Throws<OutputException>(() => OutputPath.CheckDirectory("--plot", file));
    }

    [Fact]
    public void The_write_probe_leaves_nothing_behind()
    {
        OutputPath.CheckDirectory("--plot", _root);
        OutputPath.CheckFile("--json", Path.Combine(_root, "out.json"));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }
}
