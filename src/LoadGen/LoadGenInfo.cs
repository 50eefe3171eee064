namespace FanoutSim.LoadGen;

/// <summary>Marks the assembly until the k6-style load generator lands here.</summary>
internal static class LoadGenInfo
{
}
