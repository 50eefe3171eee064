using System.CommandLine;

namespace FanoutSim.Cli.Commands;

/// <summary>`--set key=value` (repeatable): replaces a top-level scenario key for this invocation.</summary>
internal static class SetOption
{
    public static Option<string[]> Create() => new("--set")
    {
        Description = "Override a scenario key, e.g. --set users=200 --set tasks=2 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Dictionary<string, string> Parse(IEnumerable<string>? pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs ?? [])
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
            {
                throw new UsageException($"--set expects key=value, got '{pair}'");
            }
            values[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return values;
    }
}
