namespace FanoutSim.Cli.Commands;

/// <summary>A benchmark case: a committed scenario plus overrides.</summary>
internal sealed record BenchCase(string Name, string ScenarioFile, Dictionary<string, string> Overrides)
{
    public static readonly IReadOnlyList<BenchCase> All =
    [
        new("n100", "scenarios/n100.yaml", []),
        // The literal N = 1000 room on the reference's single task: saturated, nearly nothing gets through.
        new("n1000-1task", "scenarios/n100.yaml", new() { ["users"] = "1000" }),
        // N = 1000 with enough per-task-mode tasks that most of the 57 million copies are really written.
        new("n1000-80tasks", "scenarios/n100.yaml", new()
        {
            ["users"] = "1000", ["tasks"] = "80", ["subscription"] = "per-task", ["redis_node"] = "cache.m7g.large",
        }),
        new("n300-8tasks-pertask", "scenarios/n100.yaml", new()
        {
            ["users"] = "300", ["tasks"] = "8", ["subscription"] = "per-task",
        }),
        // A 10,000-member room posting once a minute for an hour (6 x 10 min sessions).
        new("n10000-1hour", "scenarios/n100.yaml", new()
        {
            ["users"] = "10000", ["interval"] = "60s", ["session"] = "600s", ["sessions"] = "6", ["tasks"] = "160",
            ["subscription"] = "per-task", ["redis_node"] = "cache.r7g.large",
        }),
        // A service: a million connections in 100,000 Zipf-sized rooms for ten minutes (issue 16's scale target).
        new("service-1m", "scenarios/service-1m.yaml", []),
    ];

    public static BenchCase Named(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new UsageException($"--case: no bench case '{name}'; known: " +
            $"{string.Join(", ", All.Select(c => c.Name))}");
}
