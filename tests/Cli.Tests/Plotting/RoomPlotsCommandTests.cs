using FanoutSim.Cli.Tests.Planning;
using SkiaSharp;

namespace FanoutSim.Cli.Tests.Plotting;

/// <summary>`fanoutsim plot` of a rooms sweep and of a sharded run writes real PNGs beside the other charts.</summary>
[Collection("cli")]
public class RoomPlotsCommandTests
{
    private const string Service =
        "name: svc\ninterval: 1s\nsession: 10s\nsessions: 1\nseed: 7\nredis_egress_mbps: 100\n" +
        "rooms:\n  - count: 4\n    size: 5\n  - count: 1\n    size: 20\n";

    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static void AssertPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        Assert.Equal(s_pngSignature, File.ReadAllBytes(path).Take(8));
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
    }

    [Fact]
    public void A_sweep_of_a_rooms_scenario_draws_the_ratio_per_room_class_and_its_busiest_resources()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("svc.yaml"), Service);
        Assert.Equal(0, cli.Run("sweep", cli.Path("svc.yaml"), "--vary", "tasks=1,2", "-r", "2", "-o",
            cli.Path("grid")).Code);

        (int code, string output, string _) = cli.Run("plot", cli.Path("grid.json"), "-o", cli.Path("png"),
            "--width", "640", "--height", "400");

        Assert.Equal(0, code);
        AssertPng(cli.Path("png/svc-ratio-by-room-class.png"), 640, 400);
        AssertPng(cli.Path("png/svc-delivered-vs-tasks.png"), 640, 400);
        AssertPng(cli.Path("png/svc-busiest-utilisation.png"), 640, 400);
        Assert.Contains("svc-ratio-by-room-class.png", output);
    }

    [Fact]
    public void A_run_file_of_a_sharded_service_draws_its_utilisation_per_shard()
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.Path("svc.yaml"), Service + "tasks: 2\nredis_topology: cluster-sharded\n" +
            "redis_shards: 3\n");
        Assert.Equal(0, cli.Run("run", cli.Path("svc.yaml"), "--json", cli.Path("out.json")).Code);

        (int code, string output, string _) = cli.Run("plot", cli.Path("out.json"), "-o", cli.Path("png"));

        Assert.Equal(0, code);
        AssertPng(cli.Path("png/out-utilisation.png"), 1000, 600);
        Assert.Contains("out-utilisation.png", output);
    }

    [Fact]
    public void A_sweep_of_one_room_draws_no_room_class_chart()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, cli.Run("sweep", cli.Scenario(), "--vary", "tasks=1,2", "-r", "2", "-o",
            cli.Path("grid")).Code);
        Assert.Equal(0, cli.Run("plot", cli.Path("grid.json"), "-o", cli.Path("png")).Code);
        Assert.Equal(["tiny-delivered-vs-tasks.png"], Directory.GetFiles(cli.Path("png")).Select(Path.GetFileName));
    }
}
