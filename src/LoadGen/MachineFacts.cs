using System.Runtime.InteropServices;

namespace FanoutSim.LoadGen;

/// <summary>The facts about this machine that a measured run must carry to be comparable later.</summary>
public static class MachineFacts
{
    /// <summary>
    /// The facts, with the speed probe's result when one was run, before the run and (unless it was cut short) after
    /// it; the run's index is <see cref="RunSpeed.Of"/> the two. With the servers' CPU seconds per CPU
    /// (<paramref name="serverSecondsPerCpu"/>, from their cpuacct groups) and per-CPU probes of the same CPUs
    /// (<paramref name="probedCpus"/>, by default those this process may run on, which the probe timed), also the
    /// speed where the servers ran (<see cref="RunSpeed.WhereRun"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Collect(SpeedIndex? speed = null, SpeedIndex? after = null,
        IReadOnlyList<double>? serverSecondsPerCpu = null, IReadOnlyList<int>? probedCpus = null)
    {
        var cpu = CpuInfo.ReadMachine();
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["nproc"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["kernel"] = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "unknown",
            ["cpu_model"] = cpu.Model ?? "unknown",
            ["cpu_mhz"] = cpu.Mhz is { } mhz ? F(Math.Round(mhz, 1)) : "unknown",
            ["memory_total"] = MemoryTotal() ?? "unknown",
        };
        if (speed is not null)
        {
            double index = RunSpeed.Of(speed.Median, after?.Median);
            facts["speed_index"] = F(Math.Round(index));
            facts["speed_index_spread"] = F(Math.Round(speed.Spread, 4));
            facts["speed_index_range"] = speed.SpreadText;
            if (speed.PerCpu.Count > 0)
            {
                facts["speed_index_cpus"] = speed.PerCpuText;
            }
            if (after is not null)
            {
                facts["speed_index_before"] = F(Math.Round(speed.Median));
                facts["speed_index_after"] = F(Math.Round(after.Median));
                facts["speed_index_after_range"] = after.SpreadText;
                if (after.PerCpu.Count > 0)
                {
                    facts["speed_index_after_cpus"] = after.PerCpuText;
                }
                facts["speed_index_steady"] = RunSpeed.Steady(speed.Median, after.Median) ? "true" : "false";
            }
            if (serverSecondsPerCpu is { Count: > 0 } seconds && speed.PerCpu.Count > 0
                && CpuPlacement.LinesUp(probedCpus ?? CpuPinning.Allowed(), seconds.Count)
                && RunSpeed.WhereRun(speed.PerCpu, after?.PerCpu is { Count: > 0 } a ? a : null, seconds)
                    is { } server)
            {
                facts["speed_index_server"] = F(Math.Round(server));
            }
            facts["speed_index_unit"] = "chat envelopes per CPU-second "
                + $"(write, parse and {SpeedProbe.Subscribers} frame copies; fanoutsim probe)";
        }
        return facts;
    }

    private static string? MemoryTotal()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    return line["MemTotal:".Length..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    private static string F(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
