using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

public sealed class DeliveryTests
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(Room.PerConnection)]
    [InlineData(Room.PerTask)]
    public async Task Small_room_delivers_every_message_to_every_member(string mode)
    {
        const int clientCount = 5;
        const int messagesPerClient = 6;
        await using var stack = await ReferenceStack.StartAsync(mode);
        var clients = await stack.Server.ConnectAsync(Room.NewName(), clientCount);
        try
        {
            await Room.SendAllAsync(clients, messagesPerClient);

            var expected = Room.AllContents(clientCount, messagesPerClient).Order().ToArray();
            foreach (var client in clients)
            {
                await client.WaitForCountAsync(expected.Length, s_deliveryTimeout);
                Assert.Equal(expected, client.Received.Order().ToArray());
            }

            var metrics = await stack.Server.MetricsAsync();
            Assert.Equal(clientCount * messagesPerClient, metrics.GetProperty("messages_in").GetInt64());
            Assert.Equal(clientCount * expected.Length, metrics.GetProperty("messages_out").GetInt64());
        }
        finally
        {
            await Room.DisposeAllAsync(clients);
        }
    }
}
