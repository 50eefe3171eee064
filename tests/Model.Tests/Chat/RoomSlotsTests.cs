using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class RoomSlotsTests
{
    [Fact]
    public void Every_room_held_finds_its_own_slot_and_a_room_let_go_finds_none()
    {
        var slots = new RoomSlots();
        var held = new Dictionary<int, int>();
        var random = new Random(11);
        for (int step = 0; step < 20_000; step++)
        {
            // Rooms from a wide range, so runs of colliding cells form, grow and are shifted back on removal.
            int room = random.Next(2_000) * 977;
            if (held.Remove(room))
            {
                slots.Remove(room);
            }
            else
            {
                held[room] = slots.Add(room);
            }
            if (step % 97 == 0)
            {
                foreach ((int r, int slot) in held)
                {
                    Assert.Equal(slot, slots.Find(r));
                }
                Assert.Equal(held.Count, slots.Count);
            }
            Assert.Equal(-1, slots.Find(room + 1));
        }
        Assert.Equal(held.Count, held.Values.Distinct().Count());
        Assert.All(held.Values, slot => Assert.InRange(slot, 0, slots.Issued - 1));
    }

    [Fact]
    public void Slots_let_go_are_given_again_so_slots_stay_as_few_as_the_rooms_held_at_once()
    {
        var slots = new RoomSlots();
        for (int round = 0; round < 100; round++)
        {
            for (int room = 0; room < 50; room++)
            {
                slots.Add(round * 1_000 + room);
            }
            for (int room = 0; room < 50; room++)
            {
                slots.Remove(round * 1_000 + room);
            }
        }
        Assert.Equal(50, slots.Issued);
        Assert.Equal(0, slots.Count);
    }
}
