using FanoutSim.Cli.Files;

namespace FanoutSim.Cli.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fanoutsim-atomic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_failed_write_is_an_output_error_and_leaves_no_temp_file()
    {
        string target = Path.Combine(_root, "taken");
        Directory.CreateDirectory(target);
        OutputException e = Assert.Throws<OutputException>(() => AtomicFile.WriteAllText(target, "content"));
        Assert.Contains(target, e.Message);
        Assert.Equal([target], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void A_writer_that_throws_leaves_no_temp_file()
    {
        string target = Path.Combine(_root, "out.png");
        Assert.Throws<OutputException>(() => AtomicFile.Write(target, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new IOException("disk full");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }
}
