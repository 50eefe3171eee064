using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Scenarios;

public class TextMapTests
{
    [Fact]
    public void Every_subscription_mode_round_trips_through_its_text()
    {
        foreach (SubscriptionMode mode in Enum.GetValues<SubscriptionMode>())
        {
            Assert.Equal(mode, SubscriptionModeText.Map.Parse(mode.ToText(), "subscription mode"));
        }
        Assert.Equal(["per-connection", "per-task"], SubscriptionModeText.Map.Names);
    }

    [Fact]
    public void Every_load_balancing_round_trips_through_its_text()
    {
        foreach (LoadBalancing balancer in Enum.GetValues<LoadBalancing>())
        {
            Assert.Equal(balancer, LoadBalancingText.Map.Parse(balancer.ToText(), "load balancer"));
        }
        Assert.Equal(["round-robin", "least-connections", "room-affine"], LoadBalancingText.Map.Names);
        Assert.Equal("none", ((LoadBalancing?)null).ToText());
    }

    [Fact]
    public void Every_redis_link_round_trips_through_its_text()
    {
        foreach (RedisLink link in Enum.GetValues<RedisLink>())
        {
            Assert.Equal(link, RedisLinkText.Map.Parse(link.ToText(), "redis link"));
        }
    }

    [Theory]
    [InlineData("broadcast")]
    [InlineData("PerTask")]
    [InlineData("per-task ")]
    [InlineData("")]
    public void Unknown_text_is_rejected_with_the_known_names(string text)
    {
        Assert.False(SubscriptionModeText.Map.TryParse(text, out _));
        FormatException e = Assert.Throws<FormatException>(
            () => SubscriptionModeText.Map.Parse(text, "subscription mode"));
        Assert.Equal($"unknown subscription mode '{text}'; expected one of per-connection, per-task", e.Message);
    }
}
