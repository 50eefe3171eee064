using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>A raw SUBSCRIBE on its own socket, to see the exact bytes the server publishes.</summary>
public sealed class RedisSubscriber : IDisposable
{
    private static readonly IFormatProvider s_invariant = System.Globalization.CultureInfo.InvariantCulture;
    private readonly TcpClient _client;
    private readonly BufferedStream _stream;

    private RedisSubscriber(TcpClient client)
    {
        _client = client;
        _stream = new BufferedStream(client.GetStream());
    }

    public static async Task<RedisSubscriber> SubscribeAsync(int port, string channel)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var subscriber = new RedisSubscriber(client);
        string command = $"*2\r\n$9\r\nSUBSCRIBE\r\n${Encoding.UTF8.GetByteCount(channel)}\r\n{channel}\r\n";
        await subscriber._stream.WriteAsync(Encoding.UTF8.GetBytes(command));
        await subscriber._stream.FlushAsync();
        // The confirmation: ["subscribe", channel, 1].
        await subscriber.ReadReplyAsync(TimeSpan.FromSeconds(5));
        return subscriber;
    }

    /// <summary>The payload of the next published message, byte for byte.</summary>
    public async Task<byte[]> NextMessageAsync(TimeSpan timeout)
    {
        object?[] reply = await ReadReplyAsync(timeout);
        return (byte[])reply[2]!;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }

    private async Task<object?[]> ReadReplyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string header = await ReadLineAsync(cts.Token);
        if (header[0] != '*')
        {
            throw new InvalidOperationException("Expected a RESP array, got " + header);
        }

        object?[] items = new object?[int.Parse(header[1..], s_invariant)];
        for (int i = 0; i < items.Length; i++)
        {
            string line = await ReadLineAsync(cts.Token);
            string value = line[1..];
            items[i] = line[0] switch
            {
                ':' => long.Parse(value, s_invariant),
                '$' => await ReadBulkAsync(int.Parse(value, s_invariant), cts.Token),
                _ => throw new InvalidOperationException("Unexpected RESP item " + line),
            };
        }

        return items;
    }

    private async Task<byte[]> ReadBulkAsync(int length, CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[length + 2];
        await _stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes[..length];
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        byte[] one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == '\n')
            {
                return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(one[0]);
        }
    }
}
