using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanoutSim.ChatServer.Tests.Infrastructure;

/// <summary>
/// A few-line RESP2 client on a fresh socket per command, so the observer never shares state
/// with (or reconnects like) the multiplexers under test. Its own connection counts once in CLIENT LIST.
/// </summary>
internal static class Resp
{
    public static async Task<object?> ExecAsync(int port, TimeSpan timeout, params string[] args)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        NetworkStream stream = client.GetStream();
        var request = new StringBuilder();
        request.Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cts.Token);
        var reader = new ReplyReader(stream, cts.Token);
        return await reader.ReadAsync();
    }

    /// <summary>PUBLISH with raw payload bytes (which need not be UTF-8); returns the receiver count.</summary>
    public static async Task<long> PublishRawAsync(int port, string channel, byte[] payload)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        NetworkStream stream = client.GetStream();
        int channelBytes = Encoding.UTF8.GetByteCount(channel);
        string head = $"*3\r\n$7\r\nPUBLISH\r\n${channelBytes}\r\n{channel}\r\n${payload.Length}\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head), cts.Token);
        await stream.WriteAsync(payload, cts.Token);
        await stream.WriteAsync("\r\n"u8.ToArray(), cts.Token);
        return (long)(await new ReplyReader(stream, cts.Token).ReadAsync())!;
    }

    public static async Task<long> NumSubAsync(int port, string channel)
    {
        object?[] reply = (object?[])(await ExecAsync(port, TimeSpan.FromSeconds(5), "PUBSUB", "NUMSUB", channel))!;
        return (long)reply[1]!;
    }

    /// <summary>PUBSUB SHARDNUMSUB: SSUBSCRIBEd clients of a shard channel on this node.</summary>
    public static async Task<long> ShardNumSubAsync(int port, string channel)
    {
        object?[] reply = (object?[])(await ExecAsync(
            port, TimeSpan.FromSeconds(5), "PUBSUB", "SHARDNUMSUB", channel))!;
        return (long)reply[1]!;
    }

    /// <summary>
    /// SUBSCRIBE on a connection of its own and wait for the first message on <paramref name="channel"/>; the
    /// returned task completes (with the payload) once the subscription is confirmed and a message arrived.
    /// </summary>
    public static async Task<Task<string>> SubscribeOnceAsync(int port, string channel, TimeSpan timeout)
    {
        var cts = new CancellationTokenSource(timeout);
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        NetworkStream stream = client.GetStream();
        int bytes = Encoding.UTF8.GetByteCount(channel);
        string command = $"*2\r\n$9\r\nSUBSCRIBE\r\n${bytes}\r\n{channel}\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command), cts.Token);
        var reader = new ReplyReader(stream, cts.Token);
        await reader.ReadAsync();
        return ReadMessageAsync();

        async Task<string> ReadMessageAsync()
        {
            using (cts)
            using (client)
            {
                object?[] message = (object?[])(await reader.ReadAsync())!;
                return (string)message[2]!;
            }
        }
    }

    /// <summary>Calls of one command on this node since its stats were last reset (INFO commandstats).</summary>
    public static async Task<long> CommandCallsAsync(int port, string command)
    {
        string info = (string)(await ExecAsync(port, TimeSpan.FromSeconds(5), "INFO", "commandstats"))!;
        string prefix = "cmdstat_" + command + ":calls=";
        foreach (string line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..line.IndexOf(',', StringComparison.Ordinal)],
                    System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Names of all connected clients (empty string for unnamed ones), ourselves included.</summary>
    public static async Task<IReadOnlyList<string>> ClientNamesAsync(int port)
    {
        string list = (string)(await ExecAsync(port, TimeSpan.FromSeconds(5), "CLIENT", "LIST"))!;
        var names = new List<string>();
        foreach (string line in list.Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string name = "";
            foreach (string field in line.Split(' '))
            {
                if (field.StartsWith("name=", StringComparison.Ordinal))
                {
                    name = field["name=".Length..];
                }
            }

            names.Add(name);
        }

        return names;
    }

    private sealed class ReplyReader
    {
        private readonly Stream _stream;
        private readonly CancellationToken _cancellationToken;
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public ReplyReader(Stream stream, CancellationToken cancellationToken)
        {
            _stream = stream;
            _cancellationToken = cancellationToken;
        }

        public async Task<object?> ReadAsync()
        {
            string line = await ReadLineAsync();
            string payload = line[1..];
            switch (line[0])
            {
                case '+':
                    return payload;
                case '-':
                    throw new InvalidOperationException("Redis error: " + payload);
                case ':':
                    return long.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                case '$':
                    {
                        int length = int.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                        if (length < 0)
                        {
                            return null;
                        }

                        byte[] bytes = await ReadExactAsync(length + 2);
                        return Encoding.UTF8.GetString(bytes, 0, length);
                    }

                case '*':
                    {
                        int count = int.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                        if (count < 0)
                        {
                            return null;
                        }

                        object?[] items = new object?[count];
                        for (int i = 0; i < count; i++)
                        {
                            items[i] = await ReadAsync();
                        }

                        return items;
                    }

                default:
                    throw new InvalidOperationException("Unexpected RESP reply: " + line);
            }
        }

        private async Task<string> ReadLineAsync()
        {
            var line = new List<byte>();
            while (true)
            {
                byte b = await ReadByteAsync();
                if (b == '\r')
                {
                    await ReadByteAsync();
                    return Encoding.UTF8.GetString(line.ToArray());
                }

                line.Add(b);
            }
        }

        private async Task<byte[]> ReadExactAsync(int count)
        {
            byte[] result = new byte[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = await ReadByteAsync();
            }

            return result;
        }

        private async ValueTask<byte> ReadByteAsync()
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, _cancellationToken);
                if (_end == 0)
                {
                    throw new EndOfStreamException("Redis closed the connection");
                }
            }

            return _buffer[_start++];
        }
    }
}
