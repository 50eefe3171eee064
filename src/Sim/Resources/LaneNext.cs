namespace FanoutSim.Sim.Resources;

/// <summary>What a lane does after a job.</summary>
public enum LaneNext
{
    /// <summary>Nothing ready: leave the line until the owner enqueues it again.</summary>
    Idle,

    /// <summary>More work ready: go to the back of the line, as a coroutine that yields.</summary>
    Requeue,

    /// <summary>Keep the processor: the next job of this lane runs before any other lane's.</summary>
    Continue,
}
