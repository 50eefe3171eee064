using FanoutSim.ReferenceServer.Tests.Infrastructure;

namespace FanoutSim.ReferenceServer.Tests.Calibration;

/// <summary>python-timeline.py: the replica's timeline read as inbound clusters, the forwarding between and within
/// them, and the session ends with the backlog worked off after them.</summary>
public sealed class TimelineScriptTests : IDisposable
{
    private static readonly CalibrationScript s_script = new("python-timeline.py", TimeSpan.FromSeconds(60));
    private readonly string _dir = Directory.CreateTempSubdirectory("timeline-script-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_load_after_the_warm_up_is_read_as_clusters_forwarding_and_session_ends()
    {
        // A warm-up join, 5 s of silence, then two members: a tick of two messages with no copy read between them,
        // 4 copies read, a lone message 0.5 s later read with 1 copy during it, both members leave after a third
        // message (taken between their disconnects), and one joins again.
        string path = Write("t.txt",
            "100.0 join w 0 0",
            "105.0 join a 0 0", "105.0 join b 0 0", "105.1 joined a 0 0", "105.1 joined b 0 0",
            "106.0 inbound a 0 0", "106.1 inbound b 0 0",
            "106.6 inbound a 4 4",
            "106.7 inbound b 5 5",
            "107.5 disconnect a 6 6", "107.6 inbound b 6 6", "107.8 disconnect b 6 6",
            "108.2 join a 6 6");

        (int code, string output) = await s_script.RunAsync(path);

        Assert.True(code == 0, output);
        Assert.Contains("12 events over 3.20 s (after a silence of 5.0 s); copies read from Redis 6", output);
        // Clusters: start, end, messages, copies read within, copies read since the cluster before.
        Assert.Contains("1.00    1.10     2       0       0", output);
        Assert.Contains("1.60    1.70     2       1       4", output);
        Assert.Contains("2.60    2.60     1       0       1", output);
        Assert.Contains("copies read while an inbound cluster ran: 1 of 6 (16.7 %)", output);
        // Turns back to the inbound path: the messages at 1.6, 1.7 and 2.6 s each follow copies read, over 1.6 s.
        Assert.Contains("inbound messages taken after copies were read since the message before: 3 of 5 (1.9 a second)",
            output);
        // The session end: its disconnects, the next join at 3.2 s, the one message taken before it, no copy read.
        Assert.Contains("2.50    2.80     2    3.20     1       0", output);
    }

    [Fact]
    public async Task Sessions_fall_behind_by_round_messages_come_after_the_loads_end_and_the_first_seconds_count()
    {
        // Round 1: a takes messages 2 s apart (2 s behind a client sending every second by its third), b keeps pace;
        // round 2: c 1.5 s behind, d 0.9; the load of two sessions a user lasted 10 s from the first join, so d's
        // last message, taken at 11.1 s, came after its end.
        // By the second: two joins in the first; two messages taken in the second, b's PUBLISH answered, 3 read from
        // Redis and 300 copies written by then; one taken in the third, 2 read and 200 written.
        string path = Write("pace.txt",
            "200.0 join w 0 0",
            "210.0 join a 0 0", "210.0 join b 0 0",
            "211.0 inbound a 0 0", "211.5 inbound b 2 200", "211.6 published b 3 300", "212.5 inbound b 5 500",
            "213.0 inbound a 5 500",
            "215.0 inbound a 5 500", "216.0 disconnect a 5 500", "216.1 disconnect b 5 500",
            "216.5 join c 5 500", "216.6 join d 5 500",
            "217.0 inbound c 5 500", "217.2 inbound d 5 500", "218.2 inbound d 5 500", "219.2 inbound d 5 500",
            "219.5 inbound c 5 500", "221.1 inbound d 5 500", "221.5 disconnect c 5 500",
            "221.6 disconnect d 5 500");
        string run = Write("run.json",
            """{"setup": {"sessions": 2}, "metrics": {"duration_seconds": 10.0}}""");

        (int code, string output) = await s_script.RunAsync("--run", run, "--seconds", "3", path);

        Assert.True(code == 0, output);
        Assert.Contains("      0     2     0     0       0       0", output);
        Assert.Contains("      1     0     2     1       3     300", output);
        Assert.Contains("      2     0     1     0       2     200", output);
        Assert.Contains("inbound lag growth a session (first to last message taken, beyond one every 1 s): 1.10 s over "
            + "4 sessions; round 1 1.00 s (2), round 2 1.20 s (2)", output);
        Assert.Contains("the load's end at 10.00 s (first join + 10.00 s): inbound messages taken after it 1 of 11 "
            + "(9.1 %)", output);
    }

    [Fact]
    public async Task A_run_file_without_its_duration_is_one_line_and_exit_2()
    {
        string path = Write("t.txt", "1.0 join a 0 0", "1.5 inbound a 0 0");
        string run = Write("run.json", """{"setup": {"sessions": 2}}""");

        (int code, string output) = await s_script.RunAsync("--run", run, path);

        Assert.Equal(2, code);
        Assert.Contains($"{run}: expected a run file with metrics.duration_seconds and setup.sessions", output);
        Assert.DoesNotContain("Traceback", output);
    }

    [Fact]
    public async Task A_malformed_line_or_no_file_is_one_line_and_exit_2()
    {
        string path = Write("bad.txt", "1.0 join a 0 0", "1.5 inbound a");

        (int bad, string log1) = await s_script.RunAsync(path);
        (int none, string log2) = await s_script.RunAsync();
        (int gap, string log3) = await s_script.RunAsync("--gap", "0", path);

        Assert.Equal(2, bad);
        Assert.Contains($"{path}:2: expected 'SECONDS EVENT USER COPIES_READ COPIES_WRITTEN'", log1);
        Assert.Equal(2, none);
        Assert.Contains("usage: python-timeline.py", log2);
        Assert.Equal(2, gap);
        Assert.Contains("--gap, --close-gap and --interval are positive numbers of seconds", log3);
        Assert.DoesNotContain("Traceback", log1 + log2 + log3);
    }

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
