using System.Runtime.InteropServices;

namespace FanoutSim.LoadGen;

/// <summary>The facts about this machine that a measured run must carry to be comparable later.</summary>
public static class MachineFacts
{
    /// <summary>Before and after probes further apart than this (of the higher) mark the speed unsteady.</summary>
    public const double UnsteadyBeyond = 0.10;

    /// <summary>
    /// The facts, with the speed probe's result when one was run, before the run and (unless it was cut short) after
    /// it. The run's index is their mean, the best guess of the speed over the run: on this machine a vCPU sometimes
    /// ran at about half speed for minutes (a busy neighbour on the host), and sometimes only for the probe. Both are
    /// kept, and a gap of more than <see cref="UnsteadyBeyond"/> of the higher is flagged (speed_index_steady = false).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Collect(SpeedIndex? speed = null, SpeedIndex? after = null)
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
            double index = after is null ? speed.Median : (speed.Median + after.Median) / 2;
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
                bool steady = Math.Abs(speed.Median - after.Median) <= UnsteadyBeyond * Math.Max(speed.Median,
                    after.Median);
                facts["speed_index_steady"] = steady ? "true" : "false";
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
