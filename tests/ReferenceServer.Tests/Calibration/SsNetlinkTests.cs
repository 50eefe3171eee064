using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>ss-netlink.py: TCP sockets sampled through NETLINK_SOCK_DIAG and decoded into `ss -tinm` text.</summary>
public sealed partial class SsNetlinkTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("ss-netlink.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("ss-netlink-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_sender_held_back_by_a_reader_that_does_not_read_shows_its_send_queue_and_tcp_info()
    {
        // A real loopback connection whose reader never reads: the sender's kernel holds what the reader's window
        // refused, which ss shows as Send-Q on the sender's socket (local port = the listener's).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var reader = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveBufferSize = 4096,
        };
        await reader.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        using Socket sender = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        sender.Blocking = false;
        byte[] chunk = new byte[65536];
        while (sender.Send(chunk, 0, chunk.Length, SocketFlags.None, out SocketError error) > 0 &&
               error == SocketError.Success)
        {
        }

        string raw = Path.Combine(_dir, "x.raw");
        (int code, string log) = await s_script.RunAsync(
            "sample", "--ports", $"{port}", "--every-ms", "10", "--for-s", "0.3", "--out", raw);
        if (code != 0 && (log.Contains("sock_diag refused") || log.Contains("Protocol not supported")))
        {
            // A kernel without inet_diag (or a sandbox that forbids it) has nothing to sample, as ss would not.
            Assert.Skip($"no TCP socket diagnostics here: {log}");
        }

        Assert.True(code == 0, log);
        (code, log) = await s_script.RunAsync("text", raw, "--out", Text);
        Assert.True(code == 0, log);

        string[] lines = ReadText();
        int samples = lines.Count(l => l.StartsWith("# t=", StringComparison.Ordinal));
        Assert.InRange(samples, 5, 31);
        // Only the sender (local port = the listener's): the reader's own socket has another local port, and the
        // listening socket is left out as ss leaves it out without -a.
        string[] sockets = [.. lines.Where(l => l.StartsWith("ESTAB", StringComparison.Ordinal)).Distinct()];
        Assert.NotEmpty(sockets);
        Assert.All(sockets, s => Assert.Contains($"127.0.0.1:{port} 127.0.0.1:", s));
        Assert.DoesNotContain(lines, l => l.StartsWith("LISTEN", StringComparison.Ordinal));
        Match head = SocketLine().Match(sockets[0]);
        Assert.True(head.Success, sockets[0]);
        Assert.True(long.Parse(head.Groups["sendq"].Value) > 100_000, sockets[0]);
        string fields = lines[Array.IndexOf(lines, sockets[0]) + 1];
        Assert.StartsWith("\t skmem:(", fields);
        Assert.Matches(@"bytes_acked:\d+ ", fields);
        Assert.Matches(@" data_segs_out:[1-9]\d* ", fields);
        Assert.Matches(@" retrans:\d+/\d+$", fields);
    }

    [Fact]
    public async Task Bursts_are_timed_from_the_first_new_connection_not_from_the_samplers_start()
    {
        // Nothing on the port when the sampler starts; a connection opens 0.6 s later. Bursts of 0.2 s every 10 s
        // timed from the sampler's start would end before it; timed from the first new socket they catch it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string raw = Path.Combine(_dir, "x.raw");
        Task<(int, string)> sampling = s_script.RunAsync(
            "sample", "--ports", $"{port}", "--every-ms", "10", "--for-s", "2", "--burst-s", "0.2", "--cycle-s", "10",
            "--out", raw);
        // Timed from the sampler's own start (its temporary output appears just before its first sample), not from
        // the launch: on a loaded machine Python alone can take longer than the delay to start.
        await SamplerStartedAsync(sampling);
        await Task.Delay(600, TestContext.Current.CancellationToken);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        using Socket accepted = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        (int code, string log) = await sampling;
        if (code != 0 && (log.Contains("sock_diag refused") || log.Contains("Protocol not supported")))
        {
            Assert.Skip($"no TCP socket diagnostics here: {log}");
        }

        Assert.True(code == 0, log);
        (code, log) = await s_script.RunAsync("text", raw, "--out", Text);
        Assert.True(code == 0, log);

        // Each sample: its time and whether it shows the connection.
        List<(double T, bool Seen)> samples = [];
        foreach (string line in ReadText())
        {
            if (line.StartsWith("# t=", StringComparison.Ordinal))
            {
                samples.Add((double.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture), false));
            }
            else if (line.StartsWith("ESTAB", StringComparison.Ordinal) && samples.Count > 0)
            {
                samples[^1] = (samples[^1].T, true);
            }
        }

        int first = samples.FindIndex(x => x.Seen);
        Assert.True(first > 0, $"{samples.Count} samples, none showing the connection");
        // Sampled every 10 ms until then, and only through one burst after it (0.2 s; slack for a busy machine).
        Assert.True(samples[first].T - samples[0].T > 0.4, $"first seen {samples[first].T - samples[0].T:F3} s in");
        Assert.InRange(samples[^1].T - samples[first].T, 0.1, 0.8);
    }

    private async Task SamplerStartedAsync(Task<(int, string)> sampling)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(_dir, ".ss-netlink.*").Length == 0 && !sampling.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sampler did not start within 60 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_sample_is_one_line_and_exit_2_with_nothing_written()
    {
        string raw = Path.Combine(_dir, "x.raw");
        await File.WriteAllTextAsync(raw, "not samples", TestContext.Current.CancellationToken);

        (int code, string log) = await s_script.RunAsync("text", raw, "--out", Text);

        Assert.Equal(2, code);
        Assert.StartsWith("ss-netlink: ", log);
        Assert.DoesNotContain("Traceback", log);
        Assert.False(File.Exists(Text));
        Assert.Empty(Directory.GetFiles(_dir, ".ss-netlink.*"));
    }

    [Fact]
    public async Task A_sample_cut_short_is_named_and_exit_2()
    {
        string raw = Path.Combine(_dir, "x.raw");
        await File.WriteAllBytesAsync(
            raw, [.. "fanoutsim-ss-netlink 1\n"u8, 0, 0, 0, 0], TestContext.Current.CancellationToken);

        (int code, string log) = await s_script.RunAsync("text", raw, "--out", Text);

        Assert.Equal(2, code);
        Assert.Contains("cut short", log);
        Assert.False(File.Exists(Text));
    }

    [Theory]
    [InlineData("9-2")]
    [InlineData("http")]
    [InlineData("0")]
    public async Task Ports_out_of_form_are_refused_with_the_form_expected(string ports)
    {
        (int code, string log) = await s_script.RunAsync(
            "sample", "--ports", ports, "--for-s", "1", "--out", Path.Combine(_dir, "x.raw"));

        Assert.Equal(2, code);
        Assert.Contains("--ports: expected", log);
    }

    [Fact]
    public async Task An_unwritable_output_is_exit_3()
    {
        (int code, string log) = await s_script.RunAsync(
            "sample", "--ports", "6379", "--for-s", "1", "--out", Path.Combine(_dir, "none", "x.raw"));

        Assert.Equal(3, code);
        Assert.Contains("cannot write", log);
    }

    private string Text => Path.Combine(_dir, "x.ss.gz");

    private string[] ReadText()
    {
        using FileStream file = File.OpenRead(Text);
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        using StreamReader reader = new(gzip);
        return reader.ReadToEnd().Split('\n');
    }

    [GeneratedRegex(@"^ESTAB (?<recvq>\d+) (?<sendq>\d+) ")]
    private static partial Regex SocketLine();
}
