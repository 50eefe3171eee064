using System.IO.Compression;
using System.Text;

namespace FanoutSim.ReferenceServer.Tests.Infrastructure;

/// <summary>
/// Synthetic `ss -tin` samples of Redis' subscriber sockets, in the text calibration/run-local stores as NAME.ss.gz:
/// the input of the drop anatomy scripts' tests.
/// </summary>
internal static class SsSampleText
{
    /// <summary>One Redis socket (port 6379) to a subscriber on <paramref name="port"/>: its two lines.</summary>
    /// <param name="lastrcv">ms since the socket last received (its SUBSCRIBE), or null to leave the field out</param>
    public static void Socket(StringBuilder text, int port, int unsent, int acked, int received = 100,
        int? lastrcv = null) =>
        text.Append($"ESTAB 0 {unsent} 127.0.0.1:6379 127.0.0.1:{port}\n")
            .Append($"\t skmem:(r0,rb1,t0,tb1,f0,w0,o0,bl0,d0) bbr rto:204 mss:41472 cwnd:10 ")
            .Append($"bytes_sent:{acked + unsent} bytes_acked:{acked} bytes_received:{received} ")
            .Append("data_segs_out:1 delivered:1 lastsnd:100")
            .Append(lastrcv is null ? "" : $" lastrcv:{lastrcv}")
            .Append(" snd_wnd:82944")
            .Append(unsent > 0 ? $" notsent:{unsent}\n" : "\n");

    /// <summary>Writes <paramref name="samples"/> gzipped to <paramref name="path"/>.</summary>
    public static void WriteGzip(string path, string samples)
    {
        using FileStream file = File.Create(path);
        using GZipStream gzip = new(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.ASCII.GetBytes(samples));
    }
}
