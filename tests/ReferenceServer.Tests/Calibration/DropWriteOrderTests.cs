using System.Globalization;
using System.Text;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>drop-write-order.py: the head of Redis' write order against the netlink drop runs.</summary>
public sealed class DropWriteOrderTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("drop-write-order.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("drop-write-order-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_earliest_subscribers_refused_and_starved_are_counted_as_the_head_of_the_order()
    {
        // 150 samples 10 ms apart from 100 s. Four subscribers subscribed at 99.96, 99.97, 99.98 and 99.99 s; at the
        // second sample each is handed 5,000 bytes: the two latest have them acknowledged, the two earliest have
        // them refused whole and never get anything through (starved, stuck to the end).
        var text = new StringBuilder();
        for (int i = 0; i < 150; i++)
        {
            double t = 100 + i * 0.01;
            text.Append("# t=").Append(t.ToString(CultureInfo.InvariantCulture)).Append('\n');
            for (int k = 0; k < 4; k++)
            {
                bool refused = k < 2 && i >= 1;
                int acked = i >= 1 && !refused ? 5100 : 100;
                int lastrcv = (int)Math.Round((t - (99.96 + k * 0.01)) * 1000);
                SsSampleText.Socket(text, 2001 + k, refused ? 5000 : 0, acked, lastrcv: lastrcv);
            }
        }
        WriteRun(text.ToString());

        (int code, string log) = await s_script.RunAsync(Sample, "--out", Out);

        Assert.True(code == 0, log);
        string table = File.ReadAllText(Out);
        // Both starved and both refused are the two earliest subscribers, none the two latest; chance would say 1.
        Assert.Contains("| r1 | 1 | 4 | 2 | 2 | 0 | 1 | 2 | 2 | 0 | 1 |", table);
        // Their 944-byte heads (a tick of four 236-byte copies) fit the queue at the first probe round: none
        // predicted starved, two measured.
        Assert.Contains("| r1 | 1 | 4 | 2 | 2 | 0 | 2 | 41,472 | 32,768 |", table);
        // Stuck at the burst's end: the two starved, none that had got going; the run's one abort.
        Assert.Contains("| r1 | 1 | 2 | 2 | 0 | - | - | - | 0 | 1 |", table);
        Assert.Contains("| r1 | 50.0% | 50% |", table);
    }

    [Fact]
    public async Task A_file_that_is_not_an_ss_sample_file_is_one_line_and_exit_2()
    {
        string other = Path.Combine(_dir, "x.json");
        WriteRun(null);

        (int code, string log) = await s_script.RunAsync(other, "--out", Out);

        Assert.Equal(2, code);
        Assert.StartsWith("drop-write-order: ", log);
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

    private string Out => Path.Combine(_dir, "order.md");


    private void WriteRun(string? samples)
    {
        File.WriteAllText(Path.Combine(_dir, "x.json"), """
            {"setup": {"name": "x", "users": 4, "interval_seconds": 1, "session_seconds": 10,
                       "redis_shaping_queue_kb": 32, "redis_shaping_bucket_kb": 128},
             "metrics": {"delivery_ratio": 0.5},
             "time_series": {"samples": [{"time": 1, "delivered_per_second": 2, "sent_per_second": 1}]},
             "tcp_counters": {"increase": {"TcpExt.TCPAbortOnTimeout": 1}}}
            """);
        if (samples is null)
        {
            return;
        }

        SsSampleText.WriteGzip(Sample, samples);
    }
}
