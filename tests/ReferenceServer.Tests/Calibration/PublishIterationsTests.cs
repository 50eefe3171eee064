using System.Globalization;
using System.Text.Json.Nodes;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>calibration/python-publish-iterations.py: the loop iterations a PUBLISH costs the coroutine awaiting it in
/// the replica's Redis client, against a real redis-server.</summary>
public sealed class PublishIterationsTests : IDisposable
{
    private static readonly CalibrationScript s_script =
        new("python-publish-iterations.py", TimeSpan.FromSeconds(60));

    private readonly string _dir = Directory.CreateTempSubdirectory("publish-iterations-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_publish_takes_several_loop_iterations_of_a_busy_loop()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        string output = Path.Combine(_dir, "iterations.json");

        (int code, string text) = await s_script.RunAsync("--port",
            redis.Port.ToString(CultureInfo.InvariantCulture), "--publishes", "50", "--iteration-ms", "5", "--out",
            output);

        Assert.True(code == 0, text);
        JsonNode result = JsonNode.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken))!;
        foreach (string way in (string[])["own_client_one_at_a_time", "shared_client_ten_at_once"])
        {
            Assert.True((int)result[way]!["publishes"]! >= 50);
            // A round trip on a socket costs the awaiting coroutine two iterations at least: the read, its wake-up;
            // with 5 ms iterations the answer is there by the next look, so the count is the code path's alone.
            Assert.InRange((double)result[way]!["median"]!, 2, 20);
        }
    }

    [Fact]
    public async Task No_redis_server_is_one_line_and_exit_1_and_a_missing_folder_exit_2()
    {
        (int noServer, string text) = await s_script.RunAsync("--port", "1");
        Assert.Equal(1, noServer);
        Assert.Contains("no redis-server answers on 127.0.0.1:1", text);

        (int badOut, string message) = await s_script.RunAsync("--port", "6379", "--out",
            Path.Combine(_dir, "missing", "x.json"));
        Assert.Equal(2, badOut);
        Assert.Contains("its folder does not exist", message);
    }
}
