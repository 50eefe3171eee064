using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>`fanoutsim load --rooms / --load-balancer / --redis-topology / --redis-shards`, validated.</summary>
public class RoomsArgumentsTests
{
    private static LoadArguments Args(string? rooms, int users, params string[] urls) =>
        new() { Urls = urls.Length > 0 ? urls : ["ws://127.0.0.1:5001/ws/chat"], Users = users, Rooms = rooms };

    [Fact]
    public void A_spec_of_classes_becomes_the_plans_rooms_in_order()
    {
        LoadArguments.Validated? v = Args("30x10,1x100", 400).Validate(out List<string> errors);
        Assert.Empty(errors);
        Assert.Equal([new RunRoomClass(30, 10), new RunRoomClass(1, 100)], v!.Plan.Rooms!);
        Assert.Equal(LoadBalancing.RoundRobin, v.Plan.Balancer);
    }

    [Fact]
    public void Without_rooms_the_plan_has_none_and_the_labels_a_single_redis()
    {
        LoadArguments.Validated? v = Args(null, 5).Validate(out List<string> errors);
        Assert.Empty(errors);
        Assert.Null(v!.Plan.Rooms);
        Assert.Equal((RedisTopology.Single, (int?)null), (v.Labels.RedisTopology, v.Labels.RedisShards));
    }

    [Theory]
    [InlineData("3x", "--rooms: class '3x' of '3x' is not COUNTxSIZE")]
    [InlineData("x5", "--rooms: class 'x5' of 'x5' is not COUNTxSIZE")]
    [InlineData("2x5,", "--rooms: class '' of '2x5,' is not COUNTxSIZE")]
    [InlineData("2*5", "--rooms: class '2*5' of '2*5' is not COUNTxSIZE")]
    [InlineData("-1x5", "--rooms: class '-1x5' of '-1x5' is not COUNTxSIZE")]
    [InlineData("0x5", "--rooms: class '0x5' has 0 room(s) of 5 member(s); expected at least 1 room of at least 1")]
    [InlineData("2x0", "--rooms: class '2x0' has 2 room(s) of 0 member(s); expected at least 1 room of at least 1")]
    public void A_malformed_class_is_named_with_the_expected_form(string rooms, string message)
    {
        Assert.Null(Args(rooms, 10).Validate(out List<string> errors));
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Members_that_are_not_the_users_are_refused_with_both_sums() =>
        AssertError(Args("30x10,1x100", 350),
            "--rooms: 30x10,1x100 holds 400 members but --users is 350; the rooms' members must add up to the users");

    [Fact]
    public void Rooms_over_urls_of_different_prefixes_are_refused() =>
        AssertError(Args("2x2", 4, "ws://127.0.0.1:1/ws/a", "ws://127.0.0.1:2/ws/b"),
            "--rooms: the urls end in different rooms (a, b)");

    [Fact]
    public void Room_affine_is_the_balancer_of_the_plan()
    {
        var args = new LoadArguments
        {
            Urls = ["ws://127.0.0.1:1/ws/chat", "ws://127.0.0.1:2/ws/chat"],
            Users = 4,
            Rooms = "2x2",
            LoadBalancer = "room-affine",
        };
        Assert.Equal(LoadBalancing.RoomAffine, args.Validate(out _)!.Plan.Balancer);
    }

    [Theory]
    [InlineData("least-connections", "--load-balancer: least-connections is not implemented by the load generator")]
    [InlineData("sticky", "--load-balancer: got 'sticky'; expected one of round-robin, least-connections, room-affine")]
    public void A_balancer_the_load_generator_cannot_be_is_refused(string balancer, string message) =>
        AssertError(new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], LoadBalancer = balancer }, message);

    [Fact]
    public void Room_affine_deals_over_the_urls_so_tasks_must_be_their_number() =>
        AssertError(new LoadArguments
        {
            Urls = ["ws://127.0.0.1:1/ws/r"],
            Tasks = 2,
            LoadBalancer = "room-affine",
        }, "--load-balancer: room-affine deals the rooms over the 1 url(s), but --tasks says 2");

    [Fact]
    public void A_sharded_redis_is_labelled_with_its_shards()
    {
        var args = new LoadArguments { Urls = ["ws://127.0.0.1:1/ws/r"], RedisTopology = "cluster", RedisShards = 3 };
        RunLabels labels = args.Validate(out _)!.Labels;
        Assert.Equal((RedisTopology.Cluster, (int?)3), (labels.RedisTopology, labels.RedisShards));
    }

    [Theory]
    [InlineData("ring", null, "--redis-topology: got 'ring'; expected one of single, client-sharded, cluster")]
    [InlineData("cluster", null, "--redis-topology: cluster needs --redis-shards")]
    [InlineData("cluster", 0, "--redis-shards: got 0; expected the number of Redis shards (masters), >= 1")]
    [InlineData("single", 2, "--redis-shards: got 2 with --redis-topology single, which is one node; name the "
        + "sharding (client-sharded, cluster, cluster-sharded)")]
    public void A_redis_topology_and_shards_that_disagree_are_refused(string topology, int? shards, string message) =>
        AssertError(new LoadArguments
        {
            Urls = ["ws://127.0.0.1:1/ws/r"],
            RedisTopology = topology,
            RedisShards = shards,
        }, message);

    [Fact]
    public void Rooms_on_a_sharded_redis_must_be_named_as_the_model_hashes_them()
    {
        LoadArguments Args(string url) => new()
        {
            Urls = [url],
            Users = 4,
            Rooms = "2x2",
            RedisTopology = "cluster-sharded",
            RedisShards = 3,
        };
        AssertError(Args("ws://127.0.0.1:1/ws/chat"), "--url: a sharded Redis with --rooms needs the rooms named as "
            + "the model names them: end every --url in /room (got /chat)");
        Assert.NotNull(Args("ws://127.0.0.1:1/ws/room").Validate(out _));
    }

    private static void AssertError(LoadArguments args, string message)
    {
        Assert.Null(args.Validate(out List<string> errors));
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }
}
