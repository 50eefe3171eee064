using System.Text;

namespace FanoutSim.Sim.Random;

/// <summary>
/// Hands out one independent stream per named component, derived from (seed, name) alone: adding
/// or changing one component never shifts the numbers another component draws.
/// </summary>
public sealed class RandomStreams
{
    public RandomStreams(ulong seed)
    {
        Seed = seed;
    }

    public ulong Seed { get; }

    public RandomStream For(string component) => new(SplitMix64.Mix(Seed, Fnv1a(component)));

    public RandomStream For(string component, int index) => new(KeyFor(component, index));

    /// <summary>
    /// The 64-bit key of (seed, component, index), for components that hash their draws instead of streaming them.
    /// </summary>
    public ulong KeyFor(string component, int index) =>
        SplitMix64.Mix(SplitMix64.Mix(Seed, Fnv1a(component)), (ulong)index);

    /// <summary>Seed of replication <paramref name="replication"/>; replication 0 uses the base seed itself.</summary>
    public static ulong ReplicationSeed(ulong baseSeed, int replication) =>
        replication == 0 ? baseSeed : SplitMix64.Mix(baseSeed, (ulong)replication);

    private static ulong Fnv1a(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
