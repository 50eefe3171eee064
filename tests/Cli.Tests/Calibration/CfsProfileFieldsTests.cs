using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// The CFS quota fields (and the optional per-mode costs) survive a write and a read, and a profile without them is
/// written as before.
/// </summary>
public class CfsProfileFieldsTests
{
    [Fact]
    public void Cfs_fields_round_trip_and_are_left_out_when_off()
    {
        using var ws = new ScenarioWorkspace();
        string start = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles", "local.yaml");
        CostProfile plain = ProfileFile.Load(start) with
        {
            CfsPeriodSeconds = 0,
            ThrottledBurstCores = 0,
            PeriodOverheadCpuSeconds = 0,
            RedisConnectCpuSeconds = 0,
            PerTaskWritesQueuePerConnection = false,
            LocalFanoutCpuSeconds = 0,
            RedisDisconnectCpuSeconds = 0,
            CpuDrift = 0
        };
        string plainYaml = ProfileWriter.Format(plain, "d", [], "n");
        Assert.DoesNotContain("cfs_period", plainYaml);
        Assert.DoesNotContain("period_overhead_cpu", plainYaml);
        Assert.DoesNotContain("redis_connect_cpu", plainYaml);
        Assert.DoesNotContain("per_task_writes_queue_per_connection", plainYaml);
        Assert.DoesNotContain("local_fanout_cpu", plainYaml);
        Assert.DoesNotContain("redis_disconnect_cpu", plainYaml);
        Assert.DoesNotContain("cpu_drift", plainYaml);

        CostProfile cfs = plain with
        {
            CfsPeriodSeconds = 0.1,
            ThrottledBurstCores = 2,
            PeriodOverheadCpuSeconds = 0.0029321,
            RedisConnectCpuSeconds = 0.0041,
            PerTaskWritesQueuePerConnection = true,
            LocalFanoutCpuSeconds = 5.3e-7,
            RedisDisconnectCpuSeconds = 0.0012,
            CpuDrift = 0.37,
            CpuDriftWindowSeconds = 1.6
        };
        string file = Path.Combine(ws.Root, "cfs.yaml");
        File.WriteAllText(file, ProfileWriter.Format(cfs, "d", [], "n"));
        CostProfile read = ProfileFile.Load(file);
        Assert.Equal(0.1, read.CfsPeriodSeconds);
        Assert.Equal(2, read.ThrottledBurstCores);
        Assert.Equal(0.0029321, read.PeriodOverheadCpuSeconds);
        Assert.Equal(0.0041, read.RedisConnectCpuSeconds);
        Assert.True(read.PerTaskWritesQueuePerConnection);
        Assert.Equal(5.3e-7, read.LocalFanoutCpuSeconds);
        Assert.Equal(0.0012, read.RedisDisconnectCpuSeconds);
        Assert.Equal(0.37, read.CpuDrift);
        Assert.Equal(1.6, read.CpuDriftWindowSeconds);
    }
}
