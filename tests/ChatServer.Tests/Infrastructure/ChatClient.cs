using System.Net.WebSockets;
using System.Text;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>A ClientWebSocket with a background receive loop that records every text message.</summary>
public sealed class ChatClient : IAsyncDisposable
{
    private readonly List<string> _received = [];
    private readonly Task _receiveLoop;

    private ChatClient(ClientWebSocket socket)
    {
        Socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Set when the server's close frame arrived.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public Task Completion => _receiveLoop;

    public static async Task<ChatClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(uri, cts.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ChatClient(socket);
    }

    public static async Task<ChatClient[]> ConnectManyAsync(Uri uri, int count)
    {
        var clients = new ChatClient[count];
        for (int i = 0; i < count; i++)
        {
            clients[i] = await ConnectAsync(uri);
        }

        return clients;
    }

    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public async Task SendAsync(string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
    }

    public Task WaitForCountAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Received.Count >= count, timeout,
            () => $"client received {Received.Count} of {count} messages");

    /// <summary>Waits until the server has closed the connection and returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync(TimeSpan timeout)
    {
        await _receiveLoop.WaitAsync(timeout);
        return CloseStatus;
    }

    public async Task CloseAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Socket.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Best-effort cleanup; the test's own assertions already ran.
        }

        Socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await Socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = Socket.CloseStatus;
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
                    }

                    return;
                }

                string text = Encoding.UTF8.GetString(buffer, 0, count);
                lock (_received)
                {
                    _received.Add(text);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException
            or IOException)
        {
            // Aborted by the test or by the server.
        }
    }
}
