using System.Net;

namespace FanoutSim.LoadGen;

/// <summary>Optional things to read before and after a run: server process CPU time and Redis byte counters.</summary>
public sealed record ProbeTargets(IReadOnlyList<int> ServerPids, IPEndPoint? Redis)
{
    public static readonly ProbeTargets None = new([], null);
}
