using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

/// <summary>The fitter must find known costs again from runs simulated with those costs.</summary>
public class ProfileFitterTests
{
    /// <summary>A fast multi-threaded server under a quota, close to the local profile: cheap to simulate.</summary>
    private static readonly CostProfile s_truth = TestScenarios.Python with
    {
        Name = "truth",
        UsableCoresPerTask = 2,
        HandshakeCpuSeconds = 0.002,
        InboundCpuSeconds = 0.00003,
        DeliveryCpuSeconds = 0.000003,
        SubscriberReadCpuSeconds = 0.000008,
        ForwardBatch = 16,
        CloseCpuSeconds = 0.0005,
        IdlePollCpuPerConnection = 0,
        ClientRttSeconds = 0.0002,
        RedisRttSeconds = 0.0001,
        FinalTickWinsProbability = 0.15,
    };

    private static IReadOnlyList<CalibrationCase> CasesMadeWith(CostProfile truth)
    {
        // Regimes that constrain the two costs: per-connection mode around and past CPU saturation, and per-task mode.
        Scenario[] scenarios = new[]
        {
            TestScenarios.Room(100, vcpu: 0.25, ramp: 1),
            TestScenarios.Room(200, vcpu: 0.25, ramp: 1),
            TestScenarios.Room(200, vcpu: 0.5, ramp: 1),
            TestScenarios.Room(300, vcpu: 0.25, ramp: 1, mode: SubscriptionMode.PerTask),
        };
        return scenarios.Select(s =>
        {
            var observed = ObservedMetrics.Of(ProfileFitter.Predict(new CalibrationCase(s.Name, s,
                new ObservedMetrics(1, null, null, null)), truth, 1).Metrics);
            return new CalibrationCase(s.Name, s, observed);
        }).ToList();
    }

    [Fact]
    public void Recovers_the_per_message_costs_runs_were_simulated_with()
    {
        IReadOnlyList<CalibrationCase> cases = CasesMadeWith(s_truth);
        // Sanity: the data must not be all-delivered, or nothing would constrain the costs.
        Assert.Contains(cases, c => c.Observed.DeliveryRatio < 0.9);
        ProfileParameter[] free = new[] { ProfileParameter.Named("delivery_cpu"),
            ProfileParameter.Named("subscriber_read_cpu") };
        CostProfile start = s_truth with
        {
            DeliveryCpuSeconds = s_truth.DeliveryCpuSeconds * 1.7,
            SubscriberReadCpuSeconds = s_truth.SubscriberReadCpuSeconds * 0.6
        };
        var fitter = new ProfileFitter(cases, free, replications: 1, maxParallelism: 2);
        double startError = fitter.Error(start);

        FitResult fit = fitter.Fit(start, maxEvaluations: 120, tolerance: 1e-6);

        Assert.True(fit.Error < startError / 100, $"error {startError} -> {fit.Error}");
        Assert.InRange(fit.Profile.DeliveryCpuSeconds / s_truth.DeliveryCpuSeconds, 0.9, 1.1);
        Assert.InRange(fit.Profile.SubscriberReadCpuSeconds / s_truth.SubscriberReadCpuSeconds, 0.9, 1.1);
        foreach (FitResidual r in fit.Residuals)
        {
            Assert.InRange(Math.Abs(r.PredictedRatio - r.ObservedRatio), 0, 0.01);
        }
    }

    [Fact]
    public void A_restart_never_ends_worse_than_the_first_run()
    {
        IReadOnlyList<CalibrationCase> cases = CasesMadeWith(s_truth);
        ProfileParameter[] free = new[] { ProfileParameter.Named("delivery_cpu"),
            ProfileParameter.Named("subscriber_read_cpu") };
        CostProfile start = s_truth with
        {
            DeliveryCpuSeconds = s_truth.DeliveryCpuSeconds * 3,
            SubscriberReadCpuSeconds = s_truth.SubscriberReadCpuSeconds * 0.4
        };
        FitResult once = new ProfileFitter(cases, free, 1, maxParallelism: 2).Fit(start, maxEvaluations: 15);
        FitResult twice = new ProfileFitter(cases, free, 1, maxParallelism: 2)
            .Fit(start, maxEvaluations: 15, restarts: 1);
        Assert.True(twice.Error <= once.Error, $"{twice.Error} > {once.Error}");
        Assert.True(twice.Evaluations > once.Evaluations);
    }

    [Fact]
    public void Uncertainty_is_small_for_a_constrained_parameter_and_unknown_for_one_the_data_ignore()
    {
        IReadOnlyList<CalibrationCase> cases = CasesMadeWith(s_truth);
        // The base memory of a 2 GB task bounds a buffer far larger than any backlog here: it moves no figure.
        ProfileParameter[] free = new[] { ProfileParameter.Named("subscriber_read_cpu"),
            ProfileParameter.Named("task_base_memory_gb") };
        var fitter = new ProfileFitter(cases, free, replications: 1, maxParallelism: 2);

        IReadOnlyList<ParameterEstimate> estimates = fitter.Uncertainty(
            s_truth with { SubscriberReadCpuSeconds = s_truth.SubscriberReadCpuSeconds * 1.05 });

        Assert.Equal(["subscriber_read_cpu", "task_base_memory_gb"], estimates.Select(e => e.Name));
        Assert.NotNull(estimates[0].RelativeError);
        Assert.InRange(estimates[0].RelativeError!.Value, 0, 0.1);
        Assert.Null(estimates[1].RelativeError);
    }
}
