using System.Text.Json;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

public sealed class IdServiceTests
{
    [Fact]
    public async Task Id_service_hands_out_unique_increasing_ids()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        string python = await PythonEnvironment.PythonAsync();

        // The chat server's own client code, a new channel per call as the server makes them.
        await using var process = ChildProcess.Start(python, PythonEnvironment.SourceDirectory,
        [
            "-c",
            $"import id_client; print(' '.join(str(id_client.next_id('{stack.Ids.Target}', 5)) for _ in range(50)))",
        ]);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, $"id client exited {exitCode}: {process.Output}");
        ulong[] ids = process.Output.Split(' ').Select(ulong.Parse).ToArray();
        Assert.Equal(50, ids.Length);
        Assert.All(ids.Zip(ids.Skip(1)), p => Assert.True(p.First < p.Second, $"{p.First} !< {p.Second}"));
    }

    [Fact]
    public async Task Messages_from_one_client_carry_increasing_ids()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        string room = Scenario.NewRoom();
        using RedisSubscriber subscriber = await RedisSubscriber.SubscribeAsync(stack.Redis.Port, room + "_broadcast");
        ChatClient[] clients = await stack.Server.ConnectAsync(room, 1);
        try
        {
            await Scenario.SendAllAsync(clients, 5);

            var ids = new List<ulong>();
            for (int i = 0; i < 5; i++)
            {
                using var envelope = JsonDocument.Parse(await subscriber.NextMessageAsync(TimeSpan.FromSeconds(10)));
                ids.Add(ulong.Parse(envelope.RootElement.GetProperty("id").GetString()!));
            }

            Assert.Equal(ids.Order(), ids);
            Assert.Equal(5, ids.Distinct().Count());
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }
}
