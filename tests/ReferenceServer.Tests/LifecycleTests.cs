using System.Net.WebSockets;
using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Sigterm_closes_every_socket_with_1001_and_exits_0()
    {
        await using ReferenceStack stack = await ReferenceStack.StartAsync(Scenario.PerConnection);
        ChatClient[] clients = await stack.Server.ConnectAsync(Scenario.NewRoom(), 2);
        try
        {
            stack.Server.Process.Terminate();

            foreach (ChatClient client in clients)
            {
                WebSocketCloseStatus? status = await client.WaitForCloseAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
            }

            Assert.Equal(0, await stack.Server.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await Scenario.DisposeAllAsync(clients);
        }
    }

    [Theory]
    [InlineData("--subscription", "per-room",
        "server.py: --subscription / CHAT_SUBSCRIPTION must be per-connection or per-task, not 'per-room'")]
    [InlineData("--step-times", "yes", "server.py: --step-times / CHAT_STEP_TIMES must be 0 or 1, not 'yes'")]
    [InlineData("--timeline-dir", "/nonexistent/timelines",
        "server.py: --timeline-dir / CHAT_TIMELINE_DIR must be an existing directory, not '/nonexistent/timelines'")]
    public async Task A_bad_flag_value_is_one_line_and_exit_2(string flag, string value, string message)
    {
        string python = await PythonEnvironment.PythonAsync();

        await using var process = ChildProcess.Start(
            python, PythonEnvironment.SourceDirectory, ["server.py", flag, value]);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(2, exitCode);
        Assert.Equal(message, process.Output);
    }
}
