using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

public sealed class DeliveryTests
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task Small_room_delivers_every_message_to_every_member(string mode)
    {
        const int clientCount = 5;
        const int messagesPerClient = 10;
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), clientCount);
        try
        {
            await Scenario.SendAllAsync(clients, messagesPerClient);

            string[] expected = Scenario.AllContents(clientCount, messagesPerClient).Order().ToArray();
            foreach (ChatClient client in clients)
            {
                await client.WaitForCountAsync(expected.Length, s_deliveryTimeout);
                Assert.Equal(expected, client.Received.Order().ToArray());
            }
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Fact]
    public async Task Both_subscription_modes_deliver_the_same_messages()
    {
        const int clientCount = 4;
        const int messagesPerClient = 6;
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        var receivedByMode = new Dictionary<string, string[][]>();
        foreach (string? mode in new[] { Scenario.PerConnection, Scenario.PerTask })
        {
            await using ChatServerHost server = await ChatServerHost.StartAsync(redis, mode);
            ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), clientCount);
            try
            {
                await Scenario.SendAllAsync(clients, messagesPerClient);
                foreach (ChatClient client in clients)
                {
                    await client.WaitForCountAsync(clientCount * messagesPerClient, s_deliveryTimeout);
                }

                receivedByMode[mode] = [.. clients.Select(c => c.Received.Order().ToArray())];
            }
            finally
            {
                await Scenario.DisposeAllAsync(clients);
            }
        }

        Assert.Equal(receivedByMode[Scenario.PerConnection], receivedByMode[Scenario.PerTask]);
        Assert.All(receivedByMode[Scenario.PerTask], r => Assert.Equal(clientCount * messagesPerClient, r.Length));
    }

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_order()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerTask);
        ChatClient[] clients = await server.ConnectAsync(Scenario.NewRoom(), 2);
        try
        {
            await Scenario.SendAllAsync([clients[0]], 50);
            await clients[1].WaitForCountAsync(50, s_deliveryTimeout);
            Assert.Equal(Scenario.AllContents(1, 50), clients[1].Received);
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
