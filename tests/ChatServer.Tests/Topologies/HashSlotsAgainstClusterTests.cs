using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.Model.Rooms;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>The shared HashSlots (model, load generator and this server) agrees with a real cluster.</summary>
[Collection(RedisTopologiesCollection.Name)]
public sealed class HashSlotsAgainstClusterTests
{
    private readonly RedisTopologiesFixture _redis;

    public HashSlotsAgainstClusterTests(RedisTopologiesFixture redis)
    {
        _redis = redis;
    }

    [Theory]
    [InlineData("room-0_broadcast")]
    [InlineData("cal_broadcast")]
    [InlineData("room-29_broadcast")]
    [InlineData("{user1000}.following")]
    [InlineData("foo{}{bar}")]
    [InlineData("é_broadcast")]
    public async Task Slot_of_a_channel_is_what_cluster_keyslot_answers(string channel)
    {
        object? slot = await Resp.ExecAsync(
            _redis.Cluster.Masters[0].Port, TimeSpan.FromSeconds(5), "CLUSTER", "KEYSLOT", channel);
        Assert.Equal((long)HashSlots.SlotOf(channel), slot);
    }

    [Fact]
    public async Task Masters_in_creation_order_own_the_ranges_hash_slots_computes()
    {
        // CLUSTER SLOTS: [[start, end, [ip, port, id], ...], ...]; one range per master after redis-cli's split.
        object?[] ranges = (object?[])(await Resp.ExecAsync(
            _redis.Cluster.Masters[0].Port, TimeSpan.FromSeconds(5), "CLUSTER", "SLOTS"))!;
        var byPort = new Dictionary<long, (long Start, long End)>();
        foreach (object?[] range in ranges.Cast<object?[]>())
        {
            object?[] master = (object?[])range[2]!;
            byPort.Add((long)master[1]!, ((long)range[0]!, (long)range[1]!));
        }

        IReadOnlyList<RedisServerProcess> masters = _redis.Cluster.Masters;
        Assert.Equal(masters.Count, byPort.Count);
        for (int i = 0; i < masters.Count; i++)
        {
            long start = i == 0 ? 0 : HashSlots.LastSlotOf(i - 1, masters.Count) + 1;
            Assert.Equal(
                (start, (long)HashSlots.LastSlotOf(i, masters.Count)),
                byPort[masters[i].Port]);
        }
    }
}
