using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.Model.Rooms;
using StackExchange.Redis;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>
/// Where StackExchange.Redis sends classic (non-sharded) SUBSCRIBE and PUBLISH in a Redis Cluster, measured with
/// PUBSUB NUMSUB and INFO commandstats on each master, and the cluster bus forwarding a classic PUBLISH. The model's
/// cluster topology assumes subscribers at the slot owner and PUBLISH at the slot owner, forwarded to every master.
/// </summary>
[Collection(RedisTopologiesCollection.Name)]
public sealed class ClusterPubSubRoutingTests
{
    private const int Channels = 12;
    private readonly RedisTopologiesFixture _redis;

    public ClusterPubSubRoutingTests(RedisTopologiesFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Plain_literal_subscribe_is_not_routed_to_the_slot_owner()
    {
        // The finding: since 2.9.24 a RedisChannel.Literal is "freely routed" (round-robin over the nodes), so left
        // alone the client would put most rooms off their owner. That is why RedisLayout adds WithKeyRouting().
        string[] channels = NewChannels();
        int[] nodes = await SubscribedNodesAsync(channels, name => RedisChannel.Literal(name));
        Assert.Contains(channels.Select((channel, i) => nodes[i] != OwnerOf(channel)), offOwner => offOwner);
    }

    [Fact]
    public async Task Key_routed_literal_subscribe_sits_on_the_slot_owner()
    {
        string[] channels = NewChannels();
        int[] nodes = await SubscribedNodesAsync(channels, name => RedisChannel.Literal(name).WithKeyRouting());
        Assert.Equal(channels.Select(OwnerOf), nodes);
    }

    [Fact]
    public async Task Plain_literal_publish_is_not_routed_to_the_slot_owner()
    {
        // A client not subscribed to the channel: the PUBLISH goes to whichever node the client picks, not
        // necessarily the owner (a subscribed client publishes on its subscription's node instead). Redis forwards
        // it to every master either way, but its receiver count is that node's alone.
        string[] channels = NewChannels();
        await using ConnectionMultiplexer client = await ConnectAsync();
        int[] nodes = new int[channels.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            nodes[c] = await PublishedNodeAsync(client, RedisChannel.Literal(channels[c]));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            "published on masters " + string.Join(",", nodes) + "; owners "
            + string.Join(",", channels.Select(OwnerOf)));
        Assert.Contains(channels.Select((channel, i) => nodes[i] != OwnerOf(channel)), offOwner => offOwner);
    }

    [Fact]
    public async Task Key_routed_publish_goes_to_the_slot_owner_and_the_bus_forwards_it_to_every_master()
    {
        IReadOnlyList<RedisServerProcess> masters = _redis.Cluster.Masters;
        string channel = NewChannels()[0];
        int owner = OwnerOf(channel);
        // A raw subscriber on every master: Redis forwards a classic PUBLISH over the cluster bus to all of them.
        Task<string>[] received = await Task.WhenAll(masters.Select(
            master => Resp.SubscribeOnceAsync(master.Port, channel, TimeSpan.FromSeconds(10))));
        foreach (RedisServerProcess master in masters)
        {
            await Resp.ExecAsync(master.Port, TimeSpan.FromSeconds(5), "CONFIG", "RESETSTAT");
        }

        await using ConnectionMultiplexer client = await ConnectAsync();
        await client.GetSubscriber().PublishAsync(RedisChannel.Literal(channel).WithKeyRouting(), "hello");

        Assert.Equal(["hello", "hello", "hello"], await Task.WhenAll(received));
        long[] publishes = await Task.WhenAll(masters.Select(m => Resp.CommandCallsAsync(m.Port, "publish")));
        Assert.Equal(Enumerable.Range(0, masters.Count).Select(i => i == owner ? 1L : 0L), publishes);
    }

    /// <summary>The master (index) whose INFO commandstats counted the one PUBLISH sent.</summary>
    private async Task<int> PublishedNodeAsync(ConnectionMultiplexer client, RedisChannel channel)
    {
        IReadOnlyList<RedisServerProcess> masters = _redis.Cluster.Masters;
        foreach (RedisServerProcess master in masters)
        {
            await Resp.ExecAsync(master.Port, TimeSpan.FromSeconds(5), "CONFIG", "RESETSTAT");
        }

        await client.GetSubscriber().PublishAsync(channel, "probe");
        long[] publishes = await Task.WhenAll(masters.Select(m => Resp.CommandCallsAsync(m.Port, "publish")));
        Assert.Equal(1, publishes.Sum());
        return Array.IndexOf(publishes, 1L);
    }

    private static string[] NewChannels() =>
        [.. Enumerable.Range(0, Channels).Select(_ => RoomNames.ChannelOf(Scenario.NewRoom()))];

    private static int OwnerOf(string channel) =>
        HashSlots.ShardOfChannel(channel, RedisTopologiesFixture.Shards);

    /// <summary>For each channel, the master (index) whose PUBSUB NUMSUB shows the one client's subscription.</summary>
    private async Task<int[]> SubscribedNodesAsync(string[] channels, Func<string, RedisChannel> channelOf)
    {
        await using ConnectionMultiplexer client = await ConnectAsync();
        ISubscriber subscriber = client.GetSubscriber();
        foreach (string channel in channels)
        {
            await subscriber.SubscribeAsync(channelOf(channel), (_, _) => { });
        }

        IReadOnlyList<RedisServerProcess> masters = _redis.Cluster.Masters;
        int[] nodes = new int[channels.Length];
        for (int c = 0; c < channels.Length; c++)
        {
            long[] counts = await Task.WhenAll(masters.Select(m => Resp.NumSubAsync(m.Port, channels[c])));
            Assert.Equal(1, counts.Sum());
            nodes[c] = Array.IndexOf(counts, 1L);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            "subscribed on masters " + string.Join(",", nodes) + "; owners "
            + string.Join(",", channels.Select(OwnerOf)));
        return nodes;
    }

    private Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync(_redis.Cluster.Seeds);
}
