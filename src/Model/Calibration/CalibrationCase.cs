using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Calibration;

/// <summary>A scenario and what was measured when the real system ran it.</summary>
public sealed record CalibrationCase(string Name, Scenario Scenario, ObservedMetrics Observed)
{
    /// <summary>The key k-fold validation deals cases out by (regime first, so each fold mixes regimes).</summary>
    public string Stratum { get; init; } = Name;

    /// <summary>
    /// The scenarios of the case's repeats, each at the speed it was measured at, when they are predicted one by one
    /// and pooled (`calibrate --repeats-at-own-speed`); empty: <see cref="Scenario"/> (at their mean speed) stands
    /// for them all.
    /// </summary>
    public IReadOnlyList<Scenario> Repeats { get; init; } = [];

    /// <summary>The case's scenario simulated with another profile, on its own seeds.</summary>
    public Scenario With(CostProfile profile, int replications) =>
        Scenario with { Profile = profile, Replications = replications };

    /// <summary>What predicting the case with a profile simulates: its scenario, or each of its repeats'.</summary>
    public ScenarioGroup Simulated(CostProfile profile, int replications) => Repeats.Count == 0
        ? ScenarioGroup.Of(With(profile, replications))
        : new ScenarioGroup(With(profile, replications),
            Repeats.Select(s => s with { Profile = profile, Replications = replications }).ToList());

    /// <summary>Every case predicted with <paramref name="profile"/>, in case order, in one pool.</summary>
    public static IReadOnlyList<RunReport> Predict(IReadOnlyList<CalibrationCase> cases, CostProfile profile,
        int replications, ReplicationOptions options) =>
        Replications.RunPooled(cases.Select(c => c.Simulated(profile, replications)).ToList(), options);
}

/// <summary>The measured figures a fit tries to reproduce; absent ones are not used.</summary>
public sealed record ObservedMetrics(
    double DeliveryRatio,
    double? DeliveredPerSecond,
    double? WsMsgsSent,
    double? SessionAvgSeconds)
{
    /// <summary>The measured connect and close times (ws_connecting, ws_closing): shown beside the model's, never
    /// fitted; null for a run recorded without them.</summary>
    public DurationSummary? Connecting { get; init; }

    public DurationSummary? Closing { get; init; }

    public static ObservedMetrics Of(RunMetrics m) =>
        new(m.DeliveryRatio, m.DeliveredPerSecond, m.WsMsgsSent, m.WsSessionDuration.Avg);
}
