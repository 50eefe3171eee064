using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>
/// A real run's connect times (dial to open; failed dials apart) and close times (close call to closed, or the close
/// timeout) become ws_connecting, ws_connecting_failed and ws_closing, summarised as k6 summarises a trend and printed
/// beside ws_session_duration; a run that recorded none has none.
/// </summary>
public class ConnectCloseTimesReportTests
{
    private static readonly LoadPlan s_plan = new([new Uri("ws://127.0.0.1:1/ws/r")], 10, TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(10), 2, TimeSpan.Zero, TimeSpan.FromSeconds(60), 1);

    private static readonly RunLabels s_labels = new("t", SubscriptionMode.PerConnection, 1, 0.25, null,
        new Dictionary<string, string>());

    private static LoadResult Result() => new(20, 200, 4, 1, 0, 1, [10.0, 10.2, 10.4, 15.1], 20.0, 0.1, 2, false, [],
        null);

    [Fact]
    public void Recorded_times_are_summarised_with_k6_s_percentile_rule()
    {
        LoadResult r = Result() with
        {
            ConnectSeconds = [0.004, 0.002, 0.010, 0.120],
            FailedConnectSeconds = [5.0],
            CloseSeconds = [0.001, 0.003, 0.002, 5.0],
        };
        RunMetrics m = LoadReportBuilder.Metrics(s_plan, r);
        Assert.Equal(DurationSummary.Of([0.002, 0.004, 0.010, 0.120]), m.WsConnecting);
        // k6's p(95) of 4 samples: rank 2.85, between 0.010 and 0.120.
        Assert.Equal(0.010 + 0.85 * 0.110, m.WsConnecting!.P95, 12);
        Assert.Equal((5.0, 5.0), (m.WsConnectingFailed!.Min, m.WsConnectingFailed.Max));
        Assert.Equal(5.0, m.WsClosing!.Max);
    }

    [Fact]
    public void The_k6_summary_prints_them_under_their_json_names_in_ms_below_a_second()
    {
        LoadResult r = Result() with { ConnectSeconds = [0.004, 0.002], CloseSeconds = [0.001, 2.501] };
        RunReport report = LoadReportBuilder.Build(s_plan, s_labels, r, new Dictionary<string, string>());
        string text = K6Summary.Format(report);
        Assert.Contains("ws_connecting...............: avg=3ms min=2ms med=3ms max=4ms p(90)=3.8ms p(95)=3.9ms",
            text);
        Assert.Contains("ws_closing..................: avg=1.251s min=1ms", text);
        Assert.DoesNotContain("ws_connecting_failed", text);
    }

    [Fact]
    public void A_run_that_recorded_no_times_has_none()
    {
        RunMetrics m = LoadReportBuilder.Metrics(s_plan, Result());
        Assert.Equal((null, null, null), (m.WsConnecting, m.WsConnectingFailed, m.WsClosing));
        Assert.DoesNotContain("ws_connecting", RunReportJson.Serialize(
            LoadReportBuilder.Build(s_plan, s_labels, Result(), new Dictionary<string, string>())));
    }
}
