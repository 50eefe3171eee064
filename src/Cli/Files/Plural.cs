using System.Globalization;

namespace FanoutSim.Cli.Files;

/// <summary>"1 replication", "3 replications": a count with its noun, for headers that state a count.</summary>
public static class Plural
{
    public static string Of(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
