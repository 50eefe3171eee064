using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>
/// One task's CPU: lanes share a round-robin processor whose speed the usable cores, the CFS quota, the fixed and
/// per-connection overheads, the drift and the scenario's replayed speed trace set; each job's work is jittered by
/// the task's own random stream, and the first job of each busy stretch also pays the task's wake-up
/// (<see cref="WakeUpCost"/>).
/// </summary>
internal sealed class TaskCpu
{
    private readonly ChatContext _context;
    private readonly CostProfile _profile;
    private readonly int _task;
    private readonly RandomStream _jitter;
    private readonly RoundRobinProcessor _processor = new();
    private readonly double _cores;
    private readonly PeriodicQuota? _quota;
    private readonly CpuDrift _drift;
    private readonly SpeedTrace? _trace;
    private readonly WakeUpCost _wakeUp;

    public TaskCpu(int task, ChatContext context, RandomStreams streams)
    {
        _context = context;
        _profile = context.Profile;
        _task = task;
        _jitter = streams.For("task-cpu", task);
        double vcpu = context.Scenario.Deployment.TaskVcpu;
        _cores = Math.Min(vcpu, _profile.UsableCoresPerTask);
        _quota = CfsQuota(vcpu, _profile);
        _drift = new CpuDrift(_profile.DriftAmplitudeFor(vcpu), _profile.CpuDriftWindowSeconds,
            streams.KeyFor("cpu-drift", task));
        _trace = context.Scenario.Deployment.SpeedTrace;
        _wakeUp = new WakeUpCost(_profile.WakeCpuSeconds, _profile.RoundCpuSeconds);
    }

    public double BusyTime => _processor.BusyTime;

    public long JobsRun => _processor.JobsRun;

    public int ReadyLanes => _processor.ReadyLanes;

    public double FreeAt => _processor.FreeAt;

    public long WakeUps => _wakeUp.WakeUps;

    public long Rounds => _wakeUp.Rounds;

    /// <summary>
    /// Puts a lane that became ready at <paramref name="now"/> in line; the caller ensures it is not already.
    /// </summary>
    public void Enqueue(int lane, double now)
    {
        // A job that finishes at this very instant leaves the processor busy: its stretch goes on.
        _wakeUp.WorkArrived(_processor.ReadyLanes == 0 && _processor.FreeAt < now);
        _processor.Enqueue(lane, now);
    }

    public void Run<TWork>(ref TWork work) where TWork : ILaneWork => _processor.Run(ref work);

    /// <summary>
    /// Wall time a job occupies the CPU: continuous share, or throttled by the CFS quota when the profile sets a
    /// period; the first job of a busy stretch runs the wake-up first, and every job its share of its round.
    /// </summary>
    public double Duration(double start, double work)
    {
        double charged = _wakeUp.Charge(work, _processor.ReadyLanes);
        return _quota is null ? charged / Speed(start) : _quota.Consume(start, CpuSeconds(start, charged)) - start;
    }

    /// <summary>
    /// Wall seconds from <paramref name="now"/> that <paramref name="work"/> CPU seconds need, without running them.
    /// </summary>
    public double SecondsFor(double now, double work) =>
        _quota is null ? work / Speed(now) : _quota.FinishTime(now, CpuSeconds(now, work)) - now;

    public double Jitter(double work) =>
        _profile.CpuJitter > 0 ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1)) : work;

    /// <summary>
    /// Jitter for a batch of <paramref name="jobs"/> jobs drawn as one: the factor's spread shrinks
    /// with the square root of the batch, so the batch total has the mean and variance of the jobs'
    /// individually jittered sum (which exact mode draws).
    /// </summary>
    public double BatchJitter(double work, int jobs) =>
        _profile.CpuJitter > 0 && jobs > 0
            ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1) / Math.Sqrt(jobs))
            : work;

    private double Speed(double time)
    {
        double pollingShare = _profile.IdlePollCpuPerConnection * _context.OpenConnections[_task];
        double cores = _cores;
        if (_profile.TaskOverheadCores > 0 || _profile.RedisConnectionOverheadCores > 0)
        {
            // Fixed and per-Redis-client overheads come off the quota before any operation gets CPU.
            double clients = _context.PerConnection ? _context.OpenConnections[_task] : 0;
            cores = Math.Max(0.05 * _cores,
                _cores - _profile.TaskOverheadCores - _profile.RedisConnectionOverheadCores * clients);
        }
        double speed = cores * Math.Max(0.05, 1 - pollingShare) * _drift.FactorAt(time);
        return _trace is null ? speed : speed * _trace.FactorAt(time);
    }

    // Under a quota the overheads of Speed (polling, fixed runtime and Redis-client cores) still take their share:
    // the work costs that much more of the quota's CPU time.
    private double CpuSeconds(double time, double work) => work * _cores / Speed(time);

    private static PeriodicQuota? CfsQuota(double quotaCores, CostProfile profile)
    {
        if (profile.CfsPeriodSeconds <= 0)
        {
            return null;
        }
        double burst = profile.ThrottledBurstCores > 0
            ? Math.Min(profile.ThrottledBurstCores, profile.UsableCoresPerTask)
            : profile.UsableCoresPerTask;
        double period = profile.CfsPeriodSeconds;
        double budget = quotaCores * period;
        // A period must still deliver some work, or a fit wandering to a huge overhead would stall the task for ever.
        double overhead = Math.Min(profile.PeriodOverheadCpuSeconds, 0.95 * Math.Min(budget, burst * period));
        return new PeriodicQuota(period, budget, burst, overhead);
    }
}
