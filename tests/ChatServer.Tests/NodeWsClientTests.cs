using System.Diagnostics;
using FanoutSim.ChatServer.Tests.Infrastructure;

namespace FanoutSim.ChatServer.Tests;

/// <summary>Interop with a WebSocket implementation we did not write.</summary>
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

        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ChatServerHost server = await ChatServerHost.StartAsync(redis, Scenario.PerConnection);
        var startInfo = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(server.RoomUri(Scenario.NewRoom()).ToString());
        startInfo.ArgumentList.Add("hello from node");

        using Process process = Process.Start(startInfo)!;
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
            string output = await stdout.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            string errors = await stderr.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            Assert.True(
                process.ExitCode == 0,
                $"node exited {process.ExitCode}; stdout: {output}; stderr: {errors} " +
                "(is node-ws installed? apt-get install -y node-ws)");

            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("a:text:hello from node", lines);
            Assert.Contains("b:text:hello from node", lines);
            Assert.Contains("a:closed:1000", lines);
            Assert.Contains("b:closed:1000", lines);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
