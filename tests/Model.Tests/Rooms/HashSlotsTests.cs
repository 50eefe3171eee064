using FanoutSim.Model.Rooms;

namespace FanoutSim.Model.Tests.Rooms;

public sealed class HashSlotsTests
{
    [Theory]
    // CLUSTER KEYSLOT answers from the Redis documentation and cluster specification.
    [InlineData("somekey", 11058)]
    [InlineData("foo{hash_tag}", 2515)]
    [InlineData("bar{hash_tag}", 2515)]
    [InlineData("123456789", 0x31C3)]
    public void A_key_lands_in_the_slot_redis_computes(string key, int slot) =>
        Assert.Equal(slot, HashSlots.SlotOf(key));

    [Fact]
    public void Only_the_first_non_empty_hash_tag_is_hashed()
    {
        Assert.Equal(HashSlots.SlotOf("user1000"), HashSlots.SlotOf("{user1000}.following"));
        Assert.Equal(HashSlots.SlotOf("a"), HashSlots.SlotOf("{a}{b}"));
        // An empty tag does not count: the whole key is hashed.
        Assert.NotEqual(HashSlots.SlotOf("x"), HashSlots.SlotOf("{}x"));
    }

    [Theory]
    // What `redis-cli --cluster create` prints for 3 and 5 masters.
    [InlineData(3, new[] { 5460, 10922, 16383 })]
    [InlineData(5, new[] { 3276, 6553, 9829, 13106, 16383 })]
    [InlineData(1, new[] { 16383 })]
    public void Masters_split_the_slots_as_redis_cli_does(int shards, int[] lastSlots)
    {
        for (int shard = 0; shard < shards; shard++)
        {
            Assert.Equal(lastSlots[shard], HashSlots.LastSlotOf(shard, shards));
            Assert.Equal(shard, HashSlots.ShardOf(lastSlots[shard], shards));
            if (shard > 0)
            {
                Assert.Equal(shard, HashSlots.ShardOf(lastSlots[shard - 1] + 1, shards));
            }
        }
    }
}
