using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

/// <summary>Interop with a WebSocket implementation we did not write (the C# server's test, against Python).</summary>
public sealed class NodeWsClientTests
{
    [Fact]
    public async Task Third_party_node_ws_clients_exchange_messages_through_the_server()
    {
        string node = new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "node was not found; this test needs Debian's nodejs and node-ws: apt-get install -y nodejs node-ws");
        string script = Path.Combine(AppContext.BaseDirectory, "node", "two_clients.js");
        Assert.True(File.Exists(script), $"missing {script}");
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);

        await using var process = ChildProcess.Start(
            node,
            AppContext.BaseDirectory,
            [script, stack.Server.RoomUri(Scenario.NewRoom()).ToString(), "hello from node"]);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.True(
            exitCode == 0,
            $"node exited {exitCode}: {process.Output} (is node-ws installed? apt-get install -y node-ws)");
        string[] lines = process.Output.Split(" | ");
        Assert.Contains("a:text:hello from node", lines);
        Assert.Contains("b:text:hello from node", lines);
        Assert.Contains("a:closed:1000", lines);
        Assert.Contains("b:closed:1000", lines);
    }
}
