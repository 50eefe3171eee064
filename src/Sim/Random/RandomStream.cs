namespace FanoutSim.Sim.Random;

/// <summary>
/// xoshiro256** generator. Our own implementation (not System.Random) so a seed gives the same
/// numbers on every .NET version and platform, bit for bit.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => UnitInterval(NextUInt64());

    /// <summary>The top 53 bits of <paramref name="bits"/> as a number in [0, 1).</summary>
    public static double UnitInterval(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public bool Bernoulli(double probability) => NextDouble() < probability;

    /// <summary>Exponential with the given mean (inverse transform; 1 - U avoids log(0)).</summary>
    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
