using System.Globalization;
using System.Text.Json.Serialization;

namespace FanoutSim.Model.Results;

/// <summary>
/// Which resource a utilisation or a bottleneck is about. Its text is the name reports have always printed
/// ("task-0 cpu", "redis egress", measured "task1_cpu"), and <see cref="Parse"/> reads exactly that text back.
/// </summary>
/// <param name="Index">
/// the task, from 0, for <see cref="ResourceKind.TaskCpu"/>; the shard, from 0, for a sharded Redis' CPU or egress
/// ("redis-1 egress"); <see cref="EveryTask"/> otherwise (a single Redis node: "redis egress")
/// </param>
[JsonConverter(typeof(ResourceIdJsonConverter))]
public readonly record struct ResourceId(ResourceKind Kind, int Index = ResourceId.EveryTask,
    ResourceSpelling Spelling = ResourceSpelling.Simulated)
{
    /// <summary>The index of a resource that is not one task's: Redis, or every task's CPU at once.</summary>
    public const int EveryTask = -1;

    public static readonly ResourceId None = new(ResourceKind.None);

    public static readonly ResourceId Unknown = new(ResourceKind.Unknown);

    /// <summary>The CPU of every task at once, as the fluid bound sees it.</summary>
    public static readonly ResourceId AnyTaskCpu = new(ResourceKind.TaskCpu);

    public static readonly ResourceId RedisCpu = new(ResourceKind.RedisCpu);

    public static readonly ResourceId RedisEgress = new(ResourceKind.RedisEgress);

    public static ResourceId TaskCpu(int task) => new(ResourceKind.TaskCpu, task);

    /// <summary>A task's memory ("task-0 memory"), the bottleneck of a run in which it ran out.</summary>
    public static ResourceId TaskMemory(int task) => new(ResourceKind.TaskMemory, task);

    /// <summary>
    /// A Redis node's <paramref name="kind"/> (CPU or egress): "redis egress" when the layer is one node, "redis-K
    /// egress" for shard K of several.
    /// </summary>
    public static ResourceId RedisNode(ResourceKind kind, int shard, int shards) =>
        shards == 1 ? new ResourceId(kind) : new ResourceId(kind, shard);

    /// <summary>One shard's CPU of a sharded Redis.</summary>
    public static ResourceId ShardCpu(int shard) => new(ResourceKind.RedisCpu, shard);

    /// <summary>One shard's egress of a sharded Redis.</summary>
    public static ResourceId ShardEgress(int shard) => new(ResourceKind.RedisEgress, shard);

    public bool IsTaskCpu => Kind == ResourceKind.TaskCpu;

    public override string ToString() => Spelling == ResourceSpelling.Measured ? MeasuredText() : SimulatedText();

    /// <summary>
    /// Reads a name as <see cref="ToString"/> writes it, in either spelling; "none" and "unknown" read as simulated.
    /// </summary>
    public static bool TryParse(string? text, out ResourceId id)
    {
        ResourceId? parsed = text switch
        {
            "none" => None,
            "unknown" => Unknown,
            "task cpu" => AnyTaskCpu,
            "redis cpu" => RedisCpu,
            "redis egress" => RedisEgress,
            "loadgen cpu" => new ResourceId(ResourceKind.LoadGenCpu),
            "task_cpu" => Measured(ResourceKind.TaskCpu),
            "redis_cpu" => Measured(ResourceKind.RedisCpu),
            "redis_egress" => Measured(ResourceKind.RedisEgress),
            "loadgen_cpu" => Measured(ResourceKind.LoadGenCpu),
            null => null,
            _ => NumberedTask(text) ?? NumberedShard(text),
        };
        // Only the exact text ToString writes parses ("task-01 cpu" does not), so every name round-trips.
        id = parsed ?? default;
        return parsed is { } found && found.ToString() == text;
    }

    public static ResourceId Parse(string text) =>
        TryParse(text, out ResourceId id) ? id : throw new FormatException($"unknown resource name '{text}'");

    private static ResourceId Measured(ResourceKind kind, int index = EveryTask) =>
        new(kind, index, ResourceSpelling.Measured);

    /// <summary>"task-{i} cpu" / "task-{i} memory" (from 0) or measured "task{n}_cpu" / "task{n}_memory" (from 1).
    /// </summary>
    private static ResourceId? NumberedTask(string text)
    {
        if (text.StartsWith("task-", StringComparison.Ordinal) && text.EndsWith(" cpu", StringComparison.Ordinal))
        {
            return Number(text[5..^4]) is { } task ? TaskCpu(task) : null;
        }
        if (text.StartsWith("task-", StringComparison.Ordinal) && text.EndsWith(" memory", StringComparison.Ordinal))
        {
            return Number(text[5..^7]) is { } task ? TaskMemory(task) : null;
        }
        if (text.StartsWith("task", StringComparison.Ordinal) && text.EndsWith("_cpu", StringComparison.Ordinal))
        {
            return Number(text[4..^4]) is { } task and > 0 ? Measured(ResourceKind.TaskCpu, task - 1) : null;
        }
        if (text.StartsWith("task", StringComparison.Ordinal) && text.EndsWith("_memory", StringComparison.Ordinal))
        {
            return Number(text[4..^7]) is { } task and > 0 ? Measured(ResourceKind.TaskMemory, task - 1) : null;
        }
        return null;
    }

    /// <summary>"redis-{i} cpu" / "redis-{i} egress" (from 0) or measured "redis{n}_cpu" / "redis{n}_egress".</summary>
    private static ResourceId? NumberedShard(string text)
    {
        foreach ((ResourceKind kind, string simulated, string measured) in s_shardSuffixes)
        {
            if (text.StartsWith("redis-", StringComparison.Ordinal)
                && text.EndsWith(simulated, StringComparison.Ordinal))
            {
                return Number(text[6..^simulated.Length]) is { } shard ? new ResourceId(kind, shard) : null;
            }
            if (text.StartsWith("redis", StringComparison.Ordinal) && text.EndsWith(measured, StringComparison.Ordinal))
            {
                return Number(text[5..^measured.Length]) is { } shard and > 0 ? Measured(kind, shard - 1) : null;
            }
        }
        return null;
    }

    private static readonly (ResourceKind Kind, string Simulated, string Measured)[] s_shardSuffixes =
        [(ResourceKind.RedisCpu, " cpu", "_cpu"), (ResourceKind.RedisEgress, " egress", "_egress")];

    private static int? Number(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    private string SimulatedText() => Kind switch
    {
        ResourceKind.TaskCpu when Index == EveryTask => "task cpu",
        ResourceKind.TaskCpu => string.Create(CultureInfo.InvariantCulture, $"task-{Index} cpu"),
        ResourceKind.TaskMemory => string.Create(CultureInfo.InvariantCulture, $"task-{Index} memory"),
        ResourceKind.RedisCpu when Index == EveryTask => "redis cpu",
        ResourceKind.RedisEgress when Index == EveryTask => "redis egress",
        ResourceKind.RedisCpu => string.Create(CultureInfo.InvariantCulture, $"redis-{Index} cpu"),
        ResourceKind.RedisEgress => string.Create(CultureInfo.InvariantCulture, $"redis-{Index} egress"),
        ResourceKind.LoadGenCpu => "loadgen cpu",
        ResourceKind.Unknown => "unknown",
        _ => "none",
    };

    private string MeasuredText() => Kind switch
    {
        ResourceKind.TaskCpu when Index == EveryTask => "task_cpu",
        ResourceKind.TaskCpu => string.Create(CultureInfo.InvariantCulture, $"task{Index + 1}_cpu"),
        ResourceKind.TaskMemory => string.Create(CultureInfo.InvariantCulture, $"task{Index + 1}_memory"),
        ResourceKind.RedisCpu when Index == EveryTask => "redis_cpu",
        ResourceKind.RedisEgress when Index == EveryTask => "redis_egress",
        ResourceKind.RedisCpu => string.Create(CultureInfo.InvariantCulture, $"redis{Index + 1}_cpu"),
        ResourceKind.RedisEgress => string.Create(CultureInfo.InvariantCulture, $"redis{Index + 1}_egress"),
        ResourceKind.LoadGenCpu => "loadgen_cpu",
        ResourceKind.Unknown => "unknown",
        _ => "none",
    };
}
