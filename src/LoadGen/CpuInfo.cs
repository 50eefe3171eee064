using System.Globalization;

namespace FanoutSim.LoadGen;

/// <summary>The processor a run ran on, from /proc/cpuinfo: model name and clock (mean over cores) in MHz.</summary>
public sealed record CpuInfo(string? Model, double? Mhz)
{
    /// <summary>Reads /proc/cpuinfo text; either part is null when the text does not say (some ARM kernels).</summary>
    public static CpuInfo Parse(string cpuinfo)
    {
        string? model = null;
        var mhz = new List<double>();
        foreach (string line in cpuinfo.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (key == "model name" && model is null && value.Length > 0)
            {
                model = value;
            }
            else if (key == "cpu MHz"
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double m))
            {
                mhz.Add(m);
            }
        }
        return new CpuInfo(model, mhz.Count > 0 ? mhz.Average() : null);
    }

    public static CpuInfo ReadMachine()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/cpuinfo"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CpuInfo(null, null);
        }
    }
}
