using System.Net.WebSockets;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

/// <summary>
/// One connection in several rooms (`?join=ROOM`): it gets every room's messages, each frame naming its room and a
/// line feed first, and posts to the room its frame names; a connection in one room sees bare messages as before.
/// </summary>
public sealed class SeveralRoomsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static Uri Joining(ChatServerHost server, string room, params string[] joins) =>
        new UriBuilder(server.RoomUri(room)) { Query = string.Join('&', joins.Select(j => "join=" + j)) }.Uri;

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task A_connection_in_two_rooms_gets_both_rooms_messages_named_and_posts_to_the_room_it_names(
        string mode)
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        string x = Scenario.NewRoom();
        string y = Scenario.NewRoom();
        ChatClient both = await ChatClient.ConnectAsync(Joining(server, x, y));
        ChatClient onlyX = await ChatClient.ConnectAsync(server.RoomUri(x));
        ChatClient onlyY = await ChatClient.ConnectAsync(server.RoomUri(y));
        try
        {
            await onlyX.SendAsync("from x");
            await onlyX.WaitForCountAsync(1, s_timeout);
            await onlyY.SendAsync("from y");
            await onlyY.WaitForCountAsync(1, s_timeout);
            await both.SendAsync(y + "\nto y");
            await onlyY.WaitForCountAsync(2, s_timeout);
            await both.WaitForCountAsync(3, s_timeout);

            Assert.Equal(new[] { x + "\nfrom x", y + "\nfrom y", y + "\nto y" }.Order(), both.Received.Order());
            Assert.Equal(["from x"], onlyX.Received);
            Assert.Equal(["from y", "to y"], onlyY.Received);
            Assert.Null(both.CloseStatus);
            // Per-task: one subscription per room on the process, shared by its members.
            if (mode == Scenario.PerTask)
            {
                Assert.Equal(2, (await server.MetricsAsync()).GetProperty("rooms").GetInt64());
            }
        }
        finally
        {
            await Scenario.DisposeAllAsync([both, onlyX, onlyY]);
        }
    }

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task A_frame_that_names_none_of_the_connections_rooms_closes_it_with_1008(string mode)
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        string x = Scenario.NewRoom();
        ChatClient both = await ChatClient.ConnectAsync(Joining(server, x, Scenario.NewRoom()));
        try
        {
            await both.SendAsync("no room named");
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await both.WaitForCloseAsync(s_timeout));
            Assert.Empty(both.Received);
        }
        finally
        {
            await both.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_room_joined_twice_or_more_rooms_than_allowed_are_refused_before_the_upgrade()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(
            redis, Scenario.PerTask, "--Chat:MaxRoomsPerConnection=3");
        string x = Scenario.NewRoom();
        await Assert.ThrowsAsync<WebSocketException>(() => ChatClient.ConnectAsync(Joining(server, x, x)));
        await Assert.ThrowsAsync<WebSocketException>(() => ChatClient.ConnectAsync(Joining(server, x, "a", "b", "c")));
        await using ChatClient three = await ChatClient.ConnectAsync(Joining(server, x, "a", "b"));
        Assert.Null(three.CloseStatus);
    }
}
