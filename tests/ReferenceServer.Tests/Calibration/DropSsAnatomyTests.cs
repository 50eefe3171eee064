using System.Globalization;
using System.Text;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>drop-ss-anatomy.py: Redis' subscriber sockets followed through ss samples.</summary>
public sealed class DropSsAnatomyTests : IDisposable
{
    private const double Step = 0.125;

    private static readonly CalibrationScript s_script = new("drop-ss-anatomy.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("drop-ss-anatomy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_held_back_socket_that_recovers_and_one_that_starves_are_told_apart()
    {
        // Ten samples 125 ms apart. Port 1001 holds 5,000 unsent bytes for two intervals (250 ms) and then sends
        // them; port 1002 holds 40,000 (more than the 32 kB queue) from the second sample until it closes after the
        // seventh; port 1003 received 500 kB (a publisher) and is left out.
        var text = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            text.Append("# t=").Append((100 + i * Step).ToString(CultureInfo.InvariantCulture)).Append('\n');
            bool held = i is >= 1 and <= 3;
            SsSampleText.Socket(text, 1001, held ? 5000 : 0, i >= 4 ? 6000 : 1000);
            if (i <= 6)
            {
                SsSampleText.Socket(text, 1002, i >= 1 ? 40000 : 0, 2000);
            }

            SsSampleText.Socket(text, 1003, 0, 5000, received: 500_000);
        }

        WriteRun(text.ToString());

        (int code, string log) = await s_script.RunAsync(Sample, "--out", Out, "--model", "");

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        // Two stalls: one of 250 ms that got through with at most 5,000 bytes, one never (closed, backlog > queue).
        Assert.Contains("| x | 2 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 250 | 250 | 1 | 0 (5,000) | 1 | 1 |", table);
        // One starved connection of two, held back 0.625 s before it closed; the run file's one abort beside it.
        Assert.Contains("| x | 50.0% | 50.0% | 1 | 50.0% | 0.6 | 1 |", table);
        Assert.Contains("| x | 1 | 2 | ", table);
    }

    [Fact]
    public async Task Samples_in_bursts_keep_connections_across_the_gap_and_censor_what_is_open_at_a_bursts_end()
    {
        // Two 3 s bursts of samples 50 ms apart, from 100 s and from 110 s: a gap of 7 s, far above the interval.
        // Port 1999 is there from the first sample (the harness' own, left out). Session 1 opens at 101.5 s: 2001
        // holds 5,000 bytes for three intervals (150 ms) and sends them, and lives on into the second burst; 2002
        // holds 40,000 (past the 32 kB queue) from 101.6 s to the burst's end and is gone by the next (starved,
        // aborted in the gap); 2005 holds 5,000 from 102.5 s to the burst's end and has them acknowledged in the
        // next burst (a wait censored at the burst's end, not one that ended); 2006 reappears in the second burst
        // with fewer bytes acknowledged (a new connection on the port: session 2, with 2003).
        var text = new StringBuilder();
        for (int burst = 0; burst < 2; burst++)
        {
            for (int i = 0; i < 60; i++)
            {
                double t = 100 + burst * 10 + i * 0.05;
                text.Append("# t=").Append(t.ToString("F3", CultureInfo.InvariantCulture)).Append('\n');
                SsSampleText.Socket(text, 1999, 0, 2000);
                if (burst == 0 && i >= 30)
                {
                    SsSampleText.Socket(text, 2001, i is >= 33 and <= 36 ? 5000 : 0, i >= 37 ? 5050 : 50);
                    SsSampleText.Socket(text, 2002, i >= 32 ? 40000 : 0, 50);
                    SsSampleText.Socket(text, 2005, i >= 50 ? 5000 : 0, 50);
                    SsSampleText.Socket(text, 2006, 0, 3000);
                }
                else if (burst == 1 && i < 10)
                {
                    SsSampleText.Socket(text, 2001, 0, 9050);
                    SsSampleText.Socket(text, 2005, 0, 5050);
                }

                if (burst == 1 && i >= 20)
                {
                    SsSampleText.Socket(text, 2003, 0, i >= 25 ? 5050 : 50);
                    SsSampleText.Socket(text, 2006, 0, 50);
                }
            }
        }

        WriteRun(text.ToString());

        (int code, string log) = await s_script.RunAsync(Sample, "--out", Out, "--model", "", "--first-ms", "300");

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        Assert.Contains("x: 2 bursts of 2.95 s", table);
        // Sessions by burst: four connections in the first, two in the second (by time alone, one session).
        Assert.Contains("| x | 1 | 4 | 3 | 1 | 1 | 1 / 0 | 1.35-8.40 (1 of 1 gone in a gap; last seen 1.35-1.35) | 0 |"
            + " 41,472 / 32,768 | 0.00 | 0 |", table);
        Assert.Contains("| x | 2 | 2 | 0 | 0 | 0 | 0 / 0 | - | - | - | 0.00 | 0 |", table);
        // One wait ended (150 ms); 2002's and 2005's are open at the burst's end: censored, not timed across the gap.
        Assert.Contains("| x | 3 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 150 | 150 | 0 | 0 (5,000) | 2 | 1 |", table);
        Assert.Contains("| x | 50.0% | 50.0% | 1 | 14.3% | 1.4-8.4 (in a gap) | 1 |", table);
        // The first 300 ms: 2002 subscribed 100 ms before the session's first copies and its first write of 40,000
        // bytes was refused whole; it is the second of four by order of SUBSCRIBE.
        Assert.Contains("| x | 1 | starved | 1 | 0 | 100 | 100 | 33 | 33 | 1 | 40,000 | 1 |", table);
        Assert.Contains("| x | 1 | SUBSCRIBE | 0 / 1 | 1 / 1 | 0 / 0 | 0 / 1 | 0 / 1 |", table);
        // First writes refused whole in session 1: 2001's acknowledged 200 ms on; 2002's never, 2005's only in the
        // next burst (not counted as acknowledged 10 s later).
        Assert.Contains("| x | 1 | refused whole | 3 | 0 (0) | 1 (0) | 0 (0) | 0 (0) | 0 (0) | 0 (0) | 0 (0) | 2 (1) |",
            table);
        Assert.Contains("| x | 2 | not refused | 1 | 1 (0) | 0 (0) |", table);
    }

    [Fact]
    public async Task A_first_window_that_is_not_positive_is_one_line_and_exit_2()
    {
        WriteRun("# t=1\n# t=2\n# t=3\n");

        (int code, string log) = await s_script.RunAsync(Sample, "--out", Out, "--model", "", "--first-ms", "0");

        Assert.Equal(2, code);
        Assert.StartsWith("drop-ss-anatomy: --first-ms", log);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task A_sample_file_that_is_not_gzip_is_one_line_and_exit_2()
    {
        WriteRun(null);
        await File.WriteAllTextAsync(Sample, "not gzip", TestContext.Current.CancellationToken);

        (int code, string log) = await s_script.RunAsync(Sample, "--out", Out, "--model", "");

        Assert.Equal(2, code);
        Assert.StartsWith("drop-ss-anatomy: ", log);
        Assert.DoesNotContain("Traceback", log);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task An_unwritable_output_is_exit_3_before_any_reading()
    {
        (int code, string log) = await s_script.RunAsync(Sample, "--out", Path.Combine(_dir, "none", "a.md"));

        Assert.Equal(3, code);
        Assert.Contains("cannot write", log);
    }

    private string Sample => Path.Combine(_dir, "x.ss.gz");

    private string Out => Path.Combine(_dir, "anatomy.md");


    private void WriteRun(string? samples)
    {
        File.WriteAllText(Path.Combine(_dir, "x.json"), """
            {"setup": {"name": "x", "session_seconds": 10, "redis_shaping_queue_kb": 32},
             "metrics": {"delivery_ratio": 0.5, "ws_msgs_received": 100},
             "environment": {"shaper_queue_drops": "7"},
             "tcp_counters": {"increase": {"TcpExt.TCPAbortOnTimeout": 1}}}
            """);
        if (samples is null)
        {
            return;
        }

        SsSampleText.WriteGzip(Sample, samples);
    }
}
