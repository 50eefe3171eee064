using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>One deployment the planner may recommend, with its hourly price.</summary>
public sealed record PlanCandidate(
    int Tasks,
    FargateSize Size,
    RedisNodeType Node,
    SubscriptionMode Mode,
    double DollarsPerHour)
{
    public double TasksDollarsPerHour => DollarsPerHour - Node.DollarsPerHour;

    public Scenario Apply(Scenario scenario) => scenario with
    {
        Deployment = scenario.Deployment with
        {
            Tasks = Tasks,
            TaskVcpu = Size.Vcpu,
            TaskMemoryGb = Size.MinMemoryGb,
            RedisNode = Node,
            Subscription = Mode,
        },
    };

    /// <summary>tasks x (vCPU x per-vCPU-hour + GB x per-GB-hour) + the Redis node.</summary>
    public static double Cost(int tasks, FargateSize size, RedisNodeType node, PlanPrices prices) =>
        tasks * (size.Vcpu * prices.PerVcpuHour + size.MinMemoryGb * prices.PerGbHour) + node.DollarsPerHour;
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
    string Reason);

/// <summary>The cheapest configurations that meet the target, and what happened to the cheaper ones.</summary>
public sealed record PlanResult(
    IReadOnlyList<PlanEvaluation> Cheapest,
    IReadOnlyList<PlanEvaluation> CheaperFailures,
    int Candidates,
    int PrunedByBound,
    int Simulated,
    bool BudgetExhausted);
