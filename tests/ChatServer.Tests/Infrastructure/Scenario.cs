namespace FanoutSim.ChatServer.Tests.Infrastructure;

public static class Scenario
{
    public const string PerConnection = "per-connection";
    public const string PerTask = "per-task";

    public static string NewRoom() => "room" + Guid.NewGuid().ToString("N")[..10];

    public static string Content(int client, int message) => $"c{client}-m{message}";

    /// <summary>Every client sends its messages concurrently with the others.</summary>
    public static Task SendAllAsync(IReadOnlyList<ChatClient> clients, int messagesPerClient) =>
        Task.WhenAll(clients.Select(async (client, i) =>
        {
            for (int m = 0; m < messagesPerClient; m++)
            {
                await client.SendAsync(Content(i, m));
            }
        }));

    public static IEnumerable<string> AllContents(int clients, int messagesPerClient) =>
        Enumerable.Range(0, clients).SelectMany(c => Enumerable.Range(0, messagesPerClient).Select(m => Content(c, m)));

    public static async Task DisposeAllAsync(IEnumerable<ChatClient> clients)
    {
        foreach (ChatClient client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
