using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// The run summary of a report with room classes: the expected line says what it multiplies and a block lists each
/// class's delivery; a one-room report prints as it always has.
/// </summary>
public class RunSummaryRoomsTests
{
    private static readonly RoomClassMetrics[] s_classes =
    [
        new(Rooms: 90, Size: 10, Sent: 5400, Received: 52548, Expected: 54000, DeliveryRatio: 0.97311,
            ReceivedPerSecond: 876.4),
        new(Rooms: 1, Size: 100, Sent: 600, Received: 42612.4, Expected: 60000, DeliveryRatio: 0.71021,
            ReceivedPerSecond: 710.2),
    ];

    private static readonly Lazy<RunReport> s_oneRoom = new(() =>
    {
        using var ws = new ScenarioWorkspace();
        return Replications.Run(ScenarioFile.Load(ws.Write("small.yaml", ScenarioWorkspace.SmallRoom)),
            new ReplicationOptions());
    });

    [Fact]
    public void Each_room_class_gets_an_aligned_line_after_the_delivery_ratio()
    {
        string[] lines = RunSummary.Format(s_oneRoom.Value with { RoomClasses = s_classes }).Split(Environment.NewLine);

        int header = Array.IndexOf(lines, "     room classes (rooms x members):");
        Assert.StartsWith("     delivery_ratio", lines[header - 1]);
        Assert.Equal("       90 x 10     delivery  97.31 %   52548 of 54000 received   876.4/s", lines[header + 1]);
        Assert.Equal("        1 x 100    delivery  71.02 %   42612 of 60000 received   710.2/s", lines[header + 2]);
        Assert.StartsWith("     ws_session_duration", lines[header + 3]);
    }

    [Fact]
    public void A_class_owed_nothing_shows_a_dash_not_a_zero_ratio()
    {
        RoomClassMetrics silent = new(Rooms: 300, Size: 1, Sent: 0, Received: 0, Expected: 0, DeliveryRatio: 0,
            ReceivedPerSecond: 0);
        string[] lines = RunSummary.Format(s_oneRoom.Value with { RoomClasses = [s_classes[0], silent] })
            .Split(Environment.NewLine);

        int header = Array.IndexOf(lines, "     room classes (rooms x members):");
        Assert.Equal("        90 x 10    delivery  97.31 %   52548 of 54000 received   876.4/s", lines[header + 1]);
        Assert.Equal("       300 x 1     delivery      -         0 of 0     received   0.0/s", lines[header + 2]);
    }

    [Fact]
    public void The_expected_line_says_it_counts_each_send_times_its_room_size()
    {
        string summary = RunSummary.Format(s_oneRoom.Value with { RoomClasses = s_classes });

        Assert.Contains("     expected (sent x room size): ", summary);
        Assert.DoesNotContain("expected (sent x N)", summary);
    }

    [Fact]
    public void A_one_room_report_prints_exactly_as_before_room_classes()
    {
        RunReport report = s_oneRoom.Value;
        string withRooms = RunSummary.Format(report with { RoomClasses = s_classes });

        string summary = RunSummary.Format(report);

        Assert.Contains("     expected (sent x N).......: ", summary);
        Assert.DoesNotContain("room classes", summary);
        string[] roomLines = withRooms.Split(Environment.NewLine)
            .SkipWhile(l => !l.StartsWith("     room classes", StringComparison.Ordinal)).Take(3).ToArray();
        Assert.Equal(summary, withRooms
            .Replace(string.Concat(roomLines.Select(l => l + Environment.NewLine)), "", StringComparison.Ordinal)
            .Replace("expected (sent x room size)", "expected (sent x N).......", StringComparison.Ordinal));
    }
}
