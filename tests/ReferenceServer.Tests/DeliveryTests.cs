using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

public sealed class DeliveryTests
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(Scenario.PerConnection)]
    [InlineData(Scenario.PerTask)]
    public async Task Small_room_delivers_every_message_to_every_member(string mode)
    {
        const int clientCount = 5;
        const int messagesPerClient = 6;
        await using ReferenceStack stack = await ReferenceStack.StartAsync(mode);
        ChatClient[] clients = await stack.Server.ConnectAsync(Scenario.NewRoom(), clientCount);
        try
        {
            await Scenario.SendAllAsync(clients, messagesPerClient);

            string[] expected = Scenario.AllContents(clientCount, messagesPerClient).Order().ToArray();
            foreach (ChatClient client in clients)
            {
                await client.WaitForCountAsync(expected.Length, s_deliveryTimeout);
                Assert.Equal(expected, client.Received.Order().ToArray());
            }

            JsonElement metrics = await stack.Server.MetricsAsync();
            Assert.Equal(clientCount * messagesPerClient, metrics.GetProperty("messages_in").GetInt64());
            Assert.Equal(clientCount * expected.Length, metrics.GetProperty("messages_out").GetInt64());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
