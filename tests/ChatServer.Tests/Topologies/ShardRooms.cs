using FanoutSim.ChatServer.Tests.Infrastructure;
using FanoutSim.Model.Rooms;

namespace FanoutSim.ChatServer.Tests.Topologies;

/// <summary>Fresh room names chosen so that room i's channel hashes to shard i of <c>shards</c>.</summary>
internal static class ShardRooms
{
    public static string[] OnePerShard(int shards)
    {
        string[] rooms = new string[shards];
        int found = 0;
        while (found < shards)
        {
            string room = Scenario.NewRoom();
            int shard = HashSlots.ShardOfChannel(RoomNames.ChannelOf(room), shards);
            if (rooms[shard] is null)
            {
                rooms[shard] = room;
                found++;
            }
        }

        return rooms;
    }
}
