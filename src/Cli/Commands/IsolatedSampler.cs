using System.Diagnostics;
using FanoutSim.LoadGen;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// The in-run speed sampler (<see cref="SpeedSampler"/>) in a `fanoutsim probe --sample` child with the probe's fixed
/// JIT settings, so its slices are timed on the scale of the probes before and after the run. Started (and warmed up)
/// before the run, stopped after it by closing its stdin; its lines are kept as they come.
/// </summary>
internal sealed class IsolatedSampler : IDisposable
{
    private static readonly TimeSpan s_readyWithin = TimeSpan.FromSeconds(30);

    private readonly Process _child;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly double _cpuAtStart;
    private readonly long _readyAt;
    private bool _disposed;

    private IsolatedSampler(Process child)
    {
        _child = child;
        _child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _ready.TrySetResult();
                return;
            }
            if (e.Data == SpeedSampler.Ready)
            {
                _ready.TrySetResult();
                return;
            }
            lock (_lines)
            {
                _lines.Add(e.Data);
            }
        };
        _child.BeginOutputReadLine();
        _child.BeginErrorReadLine();
        if (!_ready.Task.Wait(s_readyWithin) || _child.HasExited)
        {
            Dispose();
            throw new ProbeException("the in-run speed sampler did not start");
        }
        _cpuAtStart = ProcessCpu.OtherSeconds(_child.Id) ?? 0;
        _readyAt = Stopwatch.GetTimestamp();
    }

    public int Pid => _child.Id;

    /// <summary>Starts the sampler at <paramref name="pace"/> and waits until it has warmed up.</summary>
    /// <exception cref="ProbeException">it cannot run here (no `fanoutsim` to start) or did not start</exception>
    public static IsolatedSampler Start(SamplerPace pace)
    {
        if (!IsolatedProbe.CanStartChild)
        {
            throw new ProbeException("the in-run speed sampler needs the fanoutsim program to start");
        }
        ProcessStartInfo start = IsolatedProbe.ChildStart(["probe", "--sample", .. pace.Arguments]);
        start.RedirectStandardInput = true;
        Process child = Process.Start(start) ?? throw new ProbeException("could not start the speed sampler");
        return new IsolatedSampler(child);
    }

    /// <summary>Stops the sampler; its samples on the run clock that started at <paramref name="started"/>, and the
    /// CPU seconds it used since it was ready over the wall seconds since then (its cost).</summary>
    public (IReadOnlyList<SpeedSample> Samples, double CpuSeconds, double WallSeconds) Stop(long started)
    {
        double cpu = (ProcessCpu.OtherSeconds(_child.Id) ?? _cpuAtStart) - _cpuAtStart;
        double wall = Stopwatch.GetElapsedTime(_readyAt).TotalSeconds;
        Dispose();
        lock (_lines)
        {
            return (_lines.Select(l => SpeedSample.Parse(l, started)).OfType<SpeedSample>().ToList(), cpu, wall);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_child.HasExited)
        {
            _child.Dispose();
            return;
        }
        try
        {
            _child.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        if (!_child.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _child.Kill(entireProcessTree: true);
        }
        _child.WaitForExit();
        _child.Dispose();
    }
}
