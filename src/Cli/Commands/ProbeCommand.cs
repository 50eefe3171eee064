using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FanoutSim.Cli.Files;
using FanoutSim.LoadGen;
using FanoutSim.Model.Results;

namespace FanoutSim.Cli.Commands;

/// <summary>`fanoutsim probe`: this machine's speed index (the server's hot path per CPU-second) and its CPU.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "CPU-seconds each repeat runs",
            DefaultValueFactory = _ => 1.0,
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed repeats; the index is their median",
            DefaultValueFactory = _ => 5,
        };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file" };
        var sample = new Option<bool>("--sample")
        {
            Description = "Instead, time each CPU in turn in short slices (--slice every --every) until stdin closes, "
                + "one line per slice: TIMESTAMP CPU RATE (what `fanoutsim load --speed-timeline` runs beside a run)",
        };
        var slice = new Option<string>("--slice")
        {
            Description = "With --sample: CPU time of each slice (1ms, 5ms, ...)",
            DefaultValueFactory = _ => SamplerPace.Default.Arguments[1],
        };
        var every = new Option<string>("--every")
        {
            Description = "With --sample: one slice this often, each CPU in turn (500ms, 1s, ...)",
            DefaultValueFactory = _ => SamplerPace.Default.Arguments[3],
        };
        var command = new Command("probe",
            "Measure this machine's speed index: chat envelopes serialised, parsed and framed per CPU-second")
        {
            seconds, repeats, json, sample, slice, every,
        };
        CliErrors.SetAction(command, (parse, cancel) =>
        {
            if (!parse.GetValue(sample))
            {
                if (parse.GetResult(slice) is { Implicit: false } || parse.GetResult(every) is { Implicit: false })
                {
                    throw new UsageException("--slice and --every go with --sample (the in-run sampler) only");
                }
                return Execute(parse.GetValue(seconds), parse.GetValue(repeats), parse.GetValue(json), cancel);
            }
            SamplerPace pace = SamplerPace.Parse(parse.GetValue(slice)!, parse.GetValue(every)!, "--slice", "--every",
                out string error) ?? throw new UsageException(error);
            return Sample(pace);
        });
        return command;
    }

    /// <summary>The in-run sampler: runs until its parent closes stdin (or dies, which closes it too).</summary>
    private static int Sample(SamplerPace pace)
    {
        using var stop = new CancellationTokenSource();
        var watch = new Thread(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
            stop.Cancel();
        })
        { IsBackground = true };
        watch.Start();
        SpeedSampler.Run(line =>
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }, pace, stop.Token);
        return 0;
    }

    private static int Execute(double seconds, int repeats, string? jsonPath, CancellationToken cancel)
    {
        if (!(seconds > 0 && seconds <= 60))
        {
            throw new UsageException($"--seconds: got {Text(seconds)}; expected CPU-seconds per repeat, 0 < s <= 60");
        }
        if (repeats is < 1 or > 100)
        {
            throw new UsageException($"--repeats: got {repeats}; expected a whole number from 1 to 100");
        }
        OutputPath.CheckFile("--json", jsonPath);
        string load = LoadAverage();
        SpeedIndex index = IsolatedProbe.Measure(seconds, repeats, cancel);
        var cpu = CpuInfo.ReadMachine();
        Console.WriteLine($"  speed index ........: {Text(Math.Round(index.Median))} envelopes per CPU-second "
            + $"({(index.PerCpu.Count > 0 ? "mean of the cpus' medians" : "median")}; {index.SpreadText})");
        if (index.PerCpu.Count > 0)
        {
            Console.WriteLine($"  per cpu ............: {index.PerCpuText}");
        }
        Console.WriteLine($"  cpu ................: {cpu.Model ?? "unknown"}, "
            + $"{(cpu.Mhz is { } mhz ? Text(Math.Round(mhz)) + " MHz" : "MHz unknown")}, "
            + $"{Environment.ProcessorCount} cores");
        Console.WriteLine($"  load average before : {load}");
        var host = HostKind.OfMachine();
        string? folder = HostProfiles.Folder();
        IReadOnlyList<string>? profiles = host is not null && folder is not null
            ? HostProfiles.FittedOn(folder, host)
            : null;
        Console.WriteLine("  host kind ..........: "
            + (host?.ToText() ?? "unknown (/proc/cpuinfo names no model or MHz)"));
        Console.WriteLine($"  profiles of its kind: {ProfilesLine(host, folder, profiles)}");
        if (jsonPath is not null)
        {
            var file = new ProbeFile(Math.Round(index.Median), Math.Round(index.Min), Math.Round(index.Max),
                Math.Round(index.Spread, 4), index.Repeats, index.SecondsEach,
                $"chat envelopes per CPU-second (write, parse and {SpeedProbe.Subscribers} frame copies)",
                cpu.Model, cpu.Mhz is { } m ? Math.Round(m, 1) : null, Environment.ProcessorCount, load,
                [.. index.PerCpu.Select(v => Math.Round(v))])
            {
                HostKind = host?.ToText(),
                ProfilesFittedOnHostKind = profiles,
            };
            AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(file, RunReportJson.Options) + "\n");
            Console.WriteLine($"  wrote {jsonPath}");
        }
        return 0;
    }

    /// <summary>
    /// Which committed profiles were fitted on this machine's host kind, or what to do when none was: across host
    /// kinds the committed profiles missed by 20-45 pp on average.
    /// </summary>
    internal static string ProfilesLine(HostKind? host, string? folder, IReadOnlyList<string>? profiles) =>
        (host, folder, profiles) switch
        {
            (null, _, _) => "unknown (this machine's host kind is unknown)",
            (_, null, _) or (_, _, null) => "unknown (no calibration/ folder with catalog.yaml here)",
            (_, _, { Count: > 0 }) => $"{string.Join(", ", profiles)} (fitted on this host kind, in "
                + $"{ProjectPaths.Shown(folder)})",
            _ => $"none in {ProjectPaths.Shown(folder)}: fit your own, sudo calibration/calibrate-here (README "
                + "\"Calibrating your own machine\"; across host kinds the committed profiles missed by 20-45 pp on "
                + "average, README \"Host kinds\")",
        };

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
