namespace FanoutSim.Sim.Resources;

/// <summary>What a <see cref="RoundRobinProcessor"/> asks of the owner of its lanes.</summary>
public interface ILaneWork
{
    /// <summary>Time of the next event that could add work; jobs start only before it.</summary>
    double Horizon { get; }

    /// <summary>
    /// Wall time a job of <paramref name="work"/> units starting at <paramref name="start"/> occupies the processor.
    /// </summary>
    double Duration(double start, double work);

    /// <summary>Work of the lane's next job, or a negative number when the lane has nothing ready.</summary>
    double NextJobWork(int lane, double start);

    /// <summary>
    /// The job ran over [start, finish]; says whether the lane yields, keeps the processor or goes idle.
    /// </summary>
    LaneNext CompleteJob(int lane, double start, double finish);
}
