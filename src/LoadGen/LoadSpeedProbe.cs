namespace FanoutSim.LoadGen;

/// <summary>The shorter probe `fanoutsim load` runs before every measured run (about 0.6 CPU-seconds).</summary>
public static class LoadSpeedProbe
{
    public const double CpuSecondsEach = 0.1;

    public const int Repeats = 5;
}
