namespace FanoutSim.Sim.Random;

/// <summary>SplitMix64: turns one 64-bit seed into well-mixed state words for other generators.</summary>
public static class SplitMix64
{
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong a, ulong b)
    {
        ulong state = a ^ (b * 0xD1B54A32D192ED03UL);
        return Next(ref state);
    }
}
