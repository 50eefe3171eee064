using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>The processor's view of this task's lanes.</summary>
internal sealed partial class ServerTask
{
    /// <summary>Adapter the processor calls; a struct so the calls are direct, not virtual.</summary>
    private readonly struct LaneWork : ILaneWork
    {
        private readonly ServerTask _task;

        public LaneWork(ServerTask task)
        {
            _task = task;
        }

        // A lone task may run ahead to the next event: its own jobs' effects come back to it only
        // through events, which move the horizon. With several tasks one task's job can make a
        // message reach another task sooner than that task's next job, so each job start is an event
        // (as every job is in exact mode) and jobs run in global time order.
        public double Horizon => _task._runAhead
            ? _task._context.Simulator.NextEventTime
            : Math.Min(_task._context.Simulator.NextEventTime, _task._context.Simulator.Now);

        public double Duration(double start, double work) => _task.Duration(start, work);

        public double NextJobWork(int lane, double start) => _task.NextJobWork(lane, start);

        public LaneNext CompleteJob(int lane, double start, double finish) => _task.CompleteJob(lane, start, finish);
    }
}
