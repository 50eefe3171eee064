using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanoutSim.LoadGen;

/// <summary>
/// Reads Redis' own byte counters (INFO stats: total_net_output_bytes) so a run can report the egress
/// it caused, which is what a bandwidth limit throttles. A bare RESP exchange: no client library needed.
/// </summary>
public static class RedisInfoProbe
{
    public sealed record Counters(long OutputBytes, long InputBytes);

    /// <summary>INFO stats over TCP (HOST:PORT) or Redis' Unix socket; null without an answer in time.</summary>
    /// <remarks>
    /// A run whose Redis link is shaped should read over the Unix socket: over TCP the reply queues behind the
    /// shaped backlog (seconds at 10 Mbit/s) and the probe times out, leaving the run without its egress.
    /// </remarks>
    public static async Task<Counters?> ReadAsync(EndPoint endpoint, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            ProtocolType protocol = endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, protocol);
            await socket.ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
            string text = await ReadBulkAsync(stream, cts.Token).ConfigureAwait(false);
            return Parse(text);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or FormatException)
        {
            return null;
        }
    }

    /// <summary>`unix:PATH` (Redis' unixsocket) or `HOST:PORT`; null when it is neither.</summary>
    public static EndPoint? ParseEndpoint(string text)
    {
        if (text.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            string path = text[UnixPrefix.Length..];
            return path.Length == 0 ? null : new UnixDomainSocketEndPoint(path);
        }
        return IPEndPoint.TryParse(text, out IPEndPoint? ip) && ip.Port != 0 ? ip : null;
    }

    private const string UnixPrefix = "unix:";

    public static Counters? Parse(string info)
    {
        long? output = null;
        long? input = null;
        foreach (string line in info.Split('\n'))
        {
            string l = line.TrimEnd('\r');
            if (l.StartsWith("total_net_output_bytes:", StringComparison.Ordinal))
            {
                output = long.Parse(l.AsSpan("total_net_output_bytes:".Length), CultureInfo.InvariantCulture);
            }
            else if (l.StartsWith("total_net_input_bytes:", StringComparison.Ordinal))
            {
                input = long.Parse(l.AsSpan("total_net_input_bytes:".Length), CultureInfo.InvariantCulture);
            }
        }
        return output is null || input is null ? null : new Counters(output.Value, input.Value);
    }

    private static async Task<string> ReadBulkAsync(NetworkStream stream, CancellationToken ct)
    {
        var received = new List<byte>(4096);
        byte[] chunk = new byte[4096];
        int expected = -1;
        int headerLength = 0;
        while (expected < 0 || received.Count < headerLength + expected)
        {
            int n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("redis closed the connection");
            }
            received.AddRange(chunk.AsSpan(0, n));
            if (expected < 0)
            {
                int crlf = received.IndexOf((byte)'\n');
                if (crlf > 0)
                {
                    string header = Encoding.ASCII.GetString(received.GetRange(0, crlf).ToArray()).TrimEnd('\r');
                    if (!header.StartsWith('$'))
                    {
                        throw new FormatException($"unexpected INFO reply '{header}'");
                    }
                    expected = int.Parse(header.AsSpan(1), CultureInfo.InvariantCulture);
                    headerLength = crlf + 1;
                }
            }
        }
        return Encoding.ASCII.GetString(received.GetRange(headerLength, expected).ToArray());
    }
}
