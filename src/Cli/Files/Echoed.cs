namespace FanoutSim.Cli.Files;

/// <summary>A user's value as printed back: capped, so a 5 MB `name:` does not flood the terminal.</summary>
public static class Echoed
{
    public const int MaxLength = 80;

    public static string Capped(string text) =>
        text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "...");
}
