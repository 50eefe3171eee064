using FanoutSim.Sim.Resources;

namespace FanoutSim.Sim.Tests;

public class PeriodicQuotaTests
{
    [Fact]
    public void Job_within_the_budget_runs_at_the_burst_rate()
    {
        // 0.1 core of a 100 ms period = 10 ms of CPU, on 2 cores.
        var quota = new PeriodicQuota(0.1, 0.01, 2, 0);
        Assert.Equal(0.0025, quota.Consume(0, 0.005), 12);
    }

    [Fact]
    public void Job_spanning_the_throttle_finishes_in_the_next_period()
    {
        var quota = new PeriodicQuota(0.1, 0.01, 2, 0);
        // 8 ms fit in period 0 (from 1 ms), the other 4 ms run from 100 ms at 2 cores.
        quota.Consume(0, 0.002);
        Assert.Equal(0.102, quota.Consume(0.001, 0.012), 12);
    }

    [Fact]
    public void Saturated_throughput_per_period_is_the_quota_less_the_overhead()
    {
        var quota = new PeriodicQuota(0.1, 0.01, 2, 0.002);
        double t = 0;
        int jobs = 0;
        while (t < 1.0)
        {
            t = quota.Consume(t, 0.0001);
            jobs++;
        }
        // Ten periods of (10 - 2) ms of work each, 0.1 ms per job.
        Assert.InRange(jobs, 800, 801);
    }

    [Fact]
    public void Idle_time_does_not_spend_the_budget_and_peeking_changes_nothing()
    {
        var quota = new PeriodicQuota(0.1, 0.01, 2, 0);
        // A job arriving late in the period still gets the whole budget while wall time lasts.
        Assert.Equal(0.05 + 0.004, quota.FinishTime(0.05, 0.008), 12);
        Assert.Equal(0.096 + 0.002, quota.Consume(0.096, 0.004), 12);
        // Only 4 ms of wall time (8 ms of CPU) were left in the period; the rest waits for the next.
        Assert.Equal(0.1 + 0.001, quota.Consume(0.098, 0.006), 12);
    }

    [Fact]
    public void Long_job_skips_whole_periods()
    {
        var quota = new PeriodicQuota(0.1, 0.01, 2, 0.001);
        // 9 ms net per period: 45 ms of work fill five periods exactly, the last ending 5 ms into period 4.
        Assert.Equal(0.4 + 0.005, quota.Consume(0, 0.045), 9);
    }
}
