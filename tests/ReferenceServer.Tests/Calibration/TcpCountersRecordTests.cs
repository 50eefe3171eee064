using System.Text.Json.Nodes;
using FanoutSim.Model.Results;
using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>tcp-counters.py: a namespace's TCP counters read from /proc/net and their increases over a run written
/// into the run file.</summary>
public sealed class TcpCountersRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tcp-counters-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_snapshot_reads_tcp_from_snmp_and_tcpext_from_netstat_and_nothing_else()
    {
        string proc = WriteProc("proc", retransSegs: 7, lossProbes: 3, fastRetrans: 1);
        string snapshot = Path.Combine(_dir, "snapshot.json");

        (int code, string output) = await TcpCountersScript.RunAsync("snapshot", "--out", snapshot, "--proc", proc);

        Assert.True(code == 0, output);
        JsonNode counters = Read(snapshot)["counters"]!;
        Assert.Equal(7, (int)counters["Tcp.RetransSegs"]!);
        Assert.Equal(3, (int)counters["TcpExt.TCPLossProbes"]!);
        Assert.Equal(1, (int)counters["TcpExt.TCPFastRetrans"]!);
        Assert.Null(counters["Ip.Forwarding"]);
        Assert.Null(counters["IpExt.InOctets"]);
    }

    [Fact]
    public async Task Record_writes_each_counters_increase_the_key_ones_even_when_zero_and_no_gauges()
    {
        string before = await SnapshotAsync("before", retransSegs: 10, lossProbes: 4, fastRetrans: 2, currEstab: 5);
        string after = await SnapshotAsync("after", retransSegs: 110, lossProbes: 54, fastRetrans: 2, currEstab: 205);
        string run = WriteRun();

        (int code, string output) = await TcpCountersScript.RunAsync("record", run, before, after);

        Assert.True(code == 0, output);
        JsonNode increase = Read(run)["tcp_counters"]!["increase"]!;
        Assert.Equal(100, (int)increase["Tcp.RetransSegs"]!);
        Assert.Equal(50, (int)increase["TcpExt.TCPLossProbes"]!);
        Assert.Equal(0, (int)increase["TcpExt.TCPFastRetrans"]!);
        // Unchanged and not a key counter: left out. A gauge: never a count over the run.
        Assert.Null(increase["TcpExt.TCPMemoryPressures"]);
        Assert.Null(increase["Tcp.CurrEstab"]);
        Assert.Equal(150, (int)Read(run)["metrics"]!["ws_msgs_sent"]!);
    }

    [Fact]
    public async Task A_counter_that_went_down_is_named_and_the_run_file_is_untouched()
    {
        string before = await SnapshotAsync("before", retransSegs: 10, lossProbes: 4, fastRetrans: 2);
        string after = await SnapshotAsync("after", retransSegs: 9, lossProbes: 4, fastRetrans: 2);
        string run = WriteRun();
        string original = await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken);

        (int code, string output) = await TcpCountersScript.RunAsync("record", run, before, after);

        Assert.Equal(2, code);
        Assert.Contains("key 'Tcp.RetransSegs' went down (10 -> 9)", output, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Proc_text_whose_values_do_not_match_its_names_is_named_with_line_and_column()
    {
        string proc = WriteProc("proc", retransSegs: 1, lossProbes: 1, fastRetrans: 1);
        string snmp = Path.Combine(proc, "snmp");
        File.WriteAllText(snmp, "Tcp: RtoMin RetransSegs\nTcp: 200 x7\n");

        (int code, string output) = await TcpCountersScript.RunAsync(
            "snapshot", "--out", Path.Combine(_dir, "s.json"), "--proc", proc);

        Assert.Equal(2, code);
        Assert.Contains($"{snmp}:2:10: Tcp.RetransSegs is not an integer: 'x7'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_sets_the_shapers_drops_beside_the_retransmits()
    {
        string before = await SnapshotAsync("before", retransSegs: 0, lossProbes: 0, fastRetrans: 0);
        string after = await SnapshotAsync("after", retransSegs: 1234, lossProbes: 1200, fastRetrans: 3);
        string run = WriteRun();
        (int recorded, string recordOutput) = await TcpCountersScript.RunAsync("record", run, before, after);
        Assert.True(recorded == 0, recordOutput);

        (int code, string output) = await TcpCountersScript.RunAsync("table", run);

        Assert.True(code == 0, output);
        Assert.Contains("| run.json | 58700 | 0 | 1,234 | 0 | 1,200 | 0 | 3 |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_file_with_the_block_reads_as_the_same_report()
    {
        string committed = Path.Combine(PythonEnvironment.SourceDirectory, "..", "..", "calibration", "drop-runs",
            "n100-i1-t2-q0.5-bw40-perconn-ramp0s-qkb32.r4.json");
        string run = Path.Combine(_dir, "run.json");
        File.Copy(committed, run);
        string before = await SnapshotAsync("before", retransSegs: 0, lossProbes: 0, fastRetrans: 0);
        string after = await SnapshotAsync("after", retransSegs: 5, lossProbes: 5, fastRetrans: 0);

        (int code, string output) = await TcpCountersScript.RunAsync("record", run, before, after);

        Assert.True(code == 0, output);
        Assert.NotNull(Read(run)["tcp_counters"]);
        RunReport withBlock = RunReportJson.Deserialize(
            await File.ReadAllTextAsync(run, TestContext.Current.CancellationToken));
        RunReport without = RunReportJson.Deserialize(
            await File.ReadAllTextAsync(committed, TestContext.Current.CancellationToken));
        Assert.Equal(RunReportJson.Serialize(without), RunReportJson.Serialize(withBlock));
    }

    private async Task<string> SnapshotAsync(string name, int retransSegs, int lossProbes, int fastRetrans,
        int currEstab = 0)
    {
        string proc = WriteProc(name, retransSegs, lossProbes, fastRetrans, currEstab);
        string snapshot = Path.Combine(_dir, name + ".json");
        (int code, string output) = await TcpCountersScript.RunAsync("snapshot", "--out", snapshot, "--proc", proc);
        Assert.True(code == 0, output);
        return snapshot;
    }

    /// <summary>/proc/net/snmp and /proc/net/netstat as kernel 6.x writes them (groups trimmed).</summary>
    private string WriteProc(string name, int retransSegs, int lossProbes, int fastRetrans, int currEstab = 0)
    {
        string dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "snmp"),
            "Ip: Forwarding DefaultTTL\nIp: 1 64\n" +
            "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens CurrEstab OutSegs RetransSegs\n" +
            $"Tcp: 1 200 120000 -1 3 {currEstab} 1000 {retransSegs}\n" +
            "Udp: InDatagrams\nUdp: 0\n");
        File.WriteAllText(Path.Combine(dir, "netstat"),
            "TcpExt: DelayedACKs TCPLossProbes TCPLossProbeRecovery TCPFastRetrans TCPTimeouts TCPRetransFail " +
            "TCPSackRecovery TCPLostRetransmit TCPMemoryPressures\n" +
            $"TcpExt: 0 {lossProbes} 0 {fastRetrans} 0 0 0 0 0\n" +
            "IpExt: InOctets OutOctets\nIpExt: 1 2\n");
        return dir;
    }

    private string WriteRun()
    {
        string path = Path.Combine(_dir, "run.json");
        File.WriteAllText(path,
            """{"metrics": {"ws_msgs_sent": 150}, "environment": {"shaper_queue_drops": "58700"}}""");
        return path;
    }

    private static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;
}
