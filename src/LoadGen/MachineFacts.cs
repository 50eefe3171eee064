using System.Runtime.InteropServices;

namespace FanoutSim.LoadGen;

/// <summary>The facts about this machine that a measured run must carry to be comparable later.</summary>
public static class MachineFacts
{
    public static IReadOnlyDictionary<string, string> Collect()
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["nproc"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["kernel"] = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "unknown",
            ["cpu_model"] = CpuModel() ?? "unknown",
            ["memory_total"] = MemoryTotal() ?? "unknown",
        };
        return facts;
    }

    private static string? CpuModel()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
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
