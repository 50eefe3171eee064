using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>
/// A WebSocket spoken by hand on a plain TCP socket: for clients no library would be (never reading, never
/// answering pings, malformed or stalled frames).
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _tcp;

    private RawWebSocket(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    /// <summary>Connects and completes the upgrade (reads the 101 response), then reads nothing by itself.</summary>
    public static async Task<RawWebSocket> ConnectAsync(Uri serverBase, string room)
    {
        var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tcp.ConnectAsync(IPAddress.Loopback, serverBase.Port, cts.Token);
        var socket = new RawWebSocket(tcp);
        string request = $"GET /ws/{room} HTTP/1.1\r\nHost: 127.0.0.1:{serverBase.Port}\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.Stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);
        var response = new StringBuilder();
        byte[] one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.Stream.ReadAsync(one, cts.Token) == 0)
            {
                throw new IOException("closed during the upgrade: " + response);
            }

            response.Append((char)one[0]);
        }

        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            socket.Dispose();
            throw new IOException("upgrade refused: " + response);
        }

        return socket;
    }

    /// <summary>A masked client frame with the given first byte (FIN, RSV bits, opcode) and payload.</summary>
    public static byte[] Frame(byte first, ReadOnlySpan<byte> payload)
    {
        var header = new List<byte> { first };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            header.Add(0x80 | 126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }

        // An all-zero mask keeps the payload readable; it is still a masked frame, as clients must send.
        header.AddRange(new byte[4]);
        return [.. header, .. payload];
    }

    /// <summary>The header of a masked text frame that announces `length` bytes (64-bit length form).</summary>
    public static byte[] HugeFrameHeader(ulong length)
    {
        byte[] header = new byte[14];
        header[0] = 0x81;
        header[1] = 0x80 | 127;
        for (int i = 0; i < 8; i++)
        {
            header[2 + i] = (byte)(length >> (56 - (8 * i)));
        }

        return header;
    }

    public async Task SendAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>
    /// Reads server frames until a close frame (returns its code) or the end of the stream (returns null).
    /// A reset or timeout propagates as an exception.
    /// </summary>
    public async Task<int?> ReadUntilCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            byte[]? head = await ReadExactAsync(2, cts.Token);
            if (head is null)
            {
                return null;
            }

            long length = head[1] & 0x7F;
            if (length >= 126)
            {
                byte[] extended = await ReadExactAsync(length == 126 ? 2 : 8, cts.Token) ?? [];
                length = extended.Aggregate(0L, (acc, b) => (acc << 8) | b);
            }

            byte[]? payload = await ReadExactAsync((int)length, cts.Token);
            if (payload is null)
            {
                return null;
            }

            if ((head[0] & 0x0F) == 0x8)
            {
                return payload.Length >= 2 ? (payload[0] << 8) | payload[1] : 1005;
            }
        }
    }

    /// <summary>True once the server has closed or reset the TCP connection.</summary>
    public async Task<bool> IsClosedByPeerAsync(TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            byte[] buffer = new byte[4096];
            while (await Stream.ReadAsync(buffer, cts.Token) > 0)
            {
                // Skip whatever the server still had in flight (pings, close frames).
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _tcp.Dispose();
    }

    private async Task<byte[]?> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await Stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return buffer;
    }
}
