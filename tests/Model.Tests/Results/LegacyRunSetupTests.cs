using System.Text.Json;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Results;

public class LegacyRunSetupTests
{
    private static string Legacy(string node, string mbps, string environment) => $$"""
        {
          "schema": "fanoutsim.run/1",
          "source": "measured",
          "setup": {
            "name": "old", "users": 10, "interval_seconds": 1, "session_seconds": 10, "sessions": 1, "tasks": 1,
            "subscription": "per-task", "load_balancer": "none", "task_vcpu": 0.25, "redis_egress_mbps": {{mbps}},
            "redis_node": {{node}}, "profile": "local", "seed": 1
          },
          "metrics": null, "resources": [], "bottleneck": "none", "replications": [], "confidence": null,
          "environment": {{environment}}
        }
        """;

    [Fact]
    public void An_old_file_takes_its_ramp_from_the_environment_and_2_gb()
    {
        RunSetup s = RunReportJson.Deserialize(Legacy("\"local\"", "null", "{ \"ramp_seconds\": \"1.5\" }")).Setup;
        Assert.Equal(1.5, s.RampSeconds);
        Assert.Equal(2, s.TaskMemoryGb);
        Assert.Null(s.LoadBalancer);
        Assert.Equal(SubscriptionMode.PerTask, s.Subscription);
    }

    [Fact]
    public void An_old_file_without_a_recorded_ramp_started_everyone_at_once() =>
        Assert.Equal(0, RunReportJson.Deserialize(Legacy("\"local\"", "null", "{}")).Setup.RampSeconds);

    [Theory]
    [InlineData("\"local\"", "null", RedisLink.Unshaped)]
    [InlineData("\"local\"", "20", RedisLink.Shaped)]
    [InlineData("null", "20", RedisLink.Shaped)]
    [InlineData("\"shaped-20mbps\"", "20", RedisLink.Shaped)]
    [InlineData("\"cache.t4g.small\"", "128", RedisLink.CatalogNode)]
    public void An_old_files_redis_link_follows_from_its_recorded_names(string node, string mbps, RedisLink link) =>
        Assert.Equal(link, RunReportJson.Deserialize(Legacy(node, mbps, "{}")).Setup.RedisLink);

    [Fact]
    public void A_recorded_field_wins_over_the_legacy_guess()
    {
        string json = Legacy("\"local\"", "null", "{ \"ramp_seconds\": \"1.5\" }")
            .Replace("\"seed\": 1",
                "\"seed\": 1, \"ramp_seconds\": 3, \"task_memory_gb\": 4, \"redis_link\": \"unshaped\"",
                StringComparison.Ordinal);
        RunSetup s = RunReportJson.Deserialize(json).Setup;
        Assert.Equal((3.0, 4.0, RedisLink.Unshaped), (s.RampSeconds, s.TaskMemoryGb, s.RedisLink));
    }

    [Fact]
    public void An_unreadable_environment_ramp_is_rejected()
    {
        JsonException e = Assert.Throws<JsonException>(
            () => RunReportJson.Deserialize(Legacy("\"local\"", "null", "{ \"ramp_seconds\": \"soon\" }")));
        Assert.Contains("environment.ramp_seconds is 'soon'", e.Message);
    }

    [Fact]
    public void An_unknown_subscription_names_the_known_ones()
    {
        JsonException e = Assert.Throws<JsonException>(
            () => RunReportJson.Deserialize(Legacy("\"local\"", "null", "{}").Replace("per-task", "broadcast")));
        Assert.Equal("$.setup.subscription", e.Path);
        Assert.Contains("is 'broadcast', expected one of per-connection, per-task", e.Message);
    }
}
