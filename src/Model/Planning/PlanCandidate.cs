using System.Text.Json.Serialization;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>One deployment the planner may recommend, with its hourly price.</summary>
/// <param name="Node">the type of every Redis node (each shard is one)</param>
public sealed record PlanCandidate(
    int Tasks,
    FargateSize Size,
    RedisNodeType Node,
    SubscriptionMode Mode,
    double DollarsPerHour)
{
    private readonly double? _memoryGb;

    /// <summary>
    /// Memory of each task: the size's least (buffers are rarely the constraint) unless its connections need more.
    /// </summary>
    [JsonIgnore]
    public double MemoryGb
    {
        get => _memoryGb ?? Size.MinMemoryGb;
        init => _memoryGb = value;
    }

    /// <summary>The task memory in JSON, written only when it is not the size's least (plans without connection
    /// memory are unchanged).</summary>
    [JsonPropertyName("task_memory_gb")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MemoryField => MemoryGb == Size.MinMemoryGb ? null : MemoryGb;

    /// <summary>The Redis topology and shard count; one node unless set.</summary>
    [JsonIgnore]
    public RedisLayout Layout { get; init; } = RedisLayout.Single;

    /// <summary>The layout's topology in JSON, written only when it is not one node (one-node JSON is unchanged).
    /// </summary>
    [JsonPropertyName("redis_topology")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TopologyText => Layout.IsSingle ? null : Layout.Topology.ToText();

    /// <summary>The layout's shards in JSON, written only when it is not one node.</summary>
    [JsonPropertyName("redis_shards")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ShardsField => Layout.IsSingle ? null : Layout.Shards;

    /// <summary>What the Redis layer costs: every shard is a node.</summary>
    [JsonIgnore]
    public double RedisDollarsPerHour => Layout.Shards * Node.DollarsPerHour;

    public double TasksDollarsPerHour => DollarsPerHour - RedisDollarsPerHour;

    public Scenario Apply(Scenario scenario) => scenario with
    {
        Deployment = scenario.Deployment with
        {
            Tasks = Tasks,
            TaskVcpu = Size.Vcpu,
            TaskMemoryGb = MemoryGb,
            RedisNode = Node,
            Subscription = Mode,
            RedisTopology = Layout.Topology,
            RedisShards = Layout.Shards,
        },
    };

    /// <summary>
    /// tasks x (vCPU x per-vCPU-hour + GB x per-GB-hour) + shards x the Redis node; the size's least memory unless
    /// <paramref name="memoryGb"/> says otherwise.
    /// </summary>
    public static double Cost(int tasks, FargateSize size, RedisNodeType node, PlanPrices prices, int shards = 1,
        double? memoryGb = null) =>
        tasks * (size.Vcpu * prices.PerVcpuHour + (memoryGb ?? size.MinMemoryGb) * prices.PerGbHour)
        + shards * node.DollarsPerHour;
}

/// <summary>What the planner found out about one candidate.</summary>
/// <param name="Report">the simulation, when the bound did not already rule the candidate out</param>
/// <param name="Reason">for a failure, the resource (and figure) that sank it</param>
public sealed record PlanEvaluation(
    PlanCandidate Candidate,
    FluidEstimate Bound,
    double Threshold,
    Results.RunReport? Report,
    bool Meets,
    string Reason)
{
    /// <summary>Not simulated because the same tasks already failed on task CPU with another Redis node or layout.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SkippedAfterCpuFailure { get; init; }
}

/// <summary>The cheapest configurations that meet the target, and what happened to the cheaper ones.</summary>
public sealed record PlanResult(
    IReadOnlyList<PlanEvaluation> Cheapest,
    IReadOnlyList<PlanEvaluation> CheaperFailures,
    int Candidates,
    int PrunedByBound,
    int Simulated,
    bool BudgetExhausted);
