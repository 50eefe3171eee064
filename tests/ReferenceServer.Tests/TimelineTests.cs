using System.Globalization;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

/// <summary>server.py --timeline-dir (timeline.py): one line per join, inbound message, PUBLISH answered and
/// disconnect, with the copies the process had read from Redis by then, in a file that is whole once the server has
/// stopped.</summary>
public sealed class TimelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_join_message_and_disconnect_is_a_line_with_the_copies_read_so_far()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection, "--timeline-dir",
            _dir);
        ChatClient[] clients = await stack.Server.ConnectAsync(Scenario.NewRoom(), 2);
        await clients[0].SendAsync("hello");
        foreach (ChatClient client in clients)
        {
            await client.WaitForCountAsync(1, TimeSpan.FromSeconds(15));
            await client.CloseAsync();
        }
        await Poll.UntilAsync(
            async () => (await stack.Server.MetricsAsync()).GetProperty("connections").GetInt64() == 0,
            TimeSpan.FromSeconds(15), () => "the server still holds a connection");
        string path = Path.Combine(_dir, $"timeline-{stack.Server.InstanceId}.txt");
        // Written under .part while the server runs: only its stop makes the file whole.
        Assert.False(File.Exists(path));

        stack.Server.Process.Terminate();

        Assert.Equal(0, await stack.Server.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        string[][] lines = [.. File.ReadAllLines(path).Select(line => line.Split(' '))];
        Assert.All(lines, fields => Assert.Equal(5, fields.Length));
        Assert.Equal(["join", "join", "joined", "joined", "inbound", "published", "disconnect", "disconnect"],
            lines.Select(fields => fields[1]).OrderBy(Rank));
        double[] times = [.. lines.Select(fields => double.Parse(fields[0], CultureInfo.InvariantCulture))];
        Assert.Equal(times.Order(), times);
        // The message's line comes before either copy was read, its PUBLISH's answer after it; both copies were read
        // before the clients had gone.
        Assert.Equal("0", lines.Single(fields => fields[1] == "inbound")[3]);
        Assert.True(Array.FindIndex(lines, fields => fields[1] == "published")
            > Array.FindIndex(lines, fields => fields[1] == "inbound"));
        Assert.All(lines.Where(fields => fields[1] == "disconnect"), fields => Assert.Equal("2", fields[3]));
        Assert.Empty(Directory.GetFiles(_dir, "*.part"));
    }

    private static int Rank(string kind) => kind switch
    {
        "join" => 0,
        "joined" => 1,
        "inbound" => 2,
        "published" => 3,
        _ => 4,
    };
}
