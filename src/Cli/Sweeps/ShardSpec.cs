using System.Globalization;

namespace FanoutSim.Cli.Sweeps;

/// <summary>
/// `--shard i/n`: run only the points whose index is i modulo n (i counts from 0, like a Kubernetes completion index).
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Whole = new(0, 1);

    public bool IsWhole => Count == 1;

    public bool Owns(int point) => point % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    public static ShardSpec Parse(string? text)
    {
        if (text is null)
        {
            return Whole;
        }
        string[] parts = text.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new UsageException($"--shard expects i/n with whole numbers, e.g. 0/4, got '{text}'");
        }
        if (count < 1 || index >= count)
        {
            throw new UsageException($"--shard {text}: need n >= 1 and 0 <= i < n (shards count from 0)");
        }
        return new ShardSpec(index, count);
    }
}
