using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class ForwardingStateTests
{
    [Fact]
    public void The_running_backlog_sum_is_what_counting_connection_by_connection_gives()
    {
        const int Rooms = 5;
        var holders = new RoomHolders(Rooms, tasks: 1);
        var state = new ForwardingState(1000, sharedArrivals: null, holders, task: 0);
        var random = new Random(42);
        var forwarding = new List<int>();
        for (int step = 0; step < 5000; step++)
        {
            int room = random.Next(Rooms);
            switch (random.Next(3))
            {
                case 0:
                    state.Join(room);
                    forwarding.Add(room);
                    break;
                case 1 when forwarding.Remove(room):
                    state.Leave(room);
                    break;
                default:
                    state.Arrive(room);
                    break;
            }
            Assert.Equal(forwarding.Sum(r => (long)state.ArrivedIn(r)), state.ArrivedOverConnections);
            Assert.Equal(forwarding.Count, state.Connections);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Touching_a_room_ahead_of_its_message_changes_nothing(int tasks)
    {
        // One task keeps its own hash table of slots, three share the dense index. Rooms are let go when idle (a
        // subscription per room), so a touch that made or kept an entry would show in the rooms kept.
        const int Rooms = 6;
        int[] anywhere = new int[Rooms];
        var touchedHolders = new RoomHolders(Rooms, tasks);
        var plainHolders = new RoomHolders(Rooms, tasks);
        var touched = new ForwardingState(1000, null, touchedHolders, 0, anywhere);
        var plain = new ForwardingState(1000, null, plainHolders, 0, anywhere);
        var random = new Random(11);
        int[] members = new int[Rooms];
        for (int step = 0; step < 5000; step++)
        {
            int room = random.Next(Rooms);
            touched.TouchEntry(random.Next(Rooms));
            touched.TouchRecipients(random.Next(Rooms));
            switch (random.Next(4))
            {
                case 0:
                    touched.Join(room);
                    plain.Join(room);
                    touched.FanoutOf(room).Add(step, 1e9);
                    plain.FanoutOf(room).Add(step, 1e9);
                    members[room]++;
                    break;
                case 1 when members[room] > 0:
                    touched.Leave(room);
                    plain.Leave(room);
                    members[room]--;
                    break;
                case 2:
                    anywhere[room]++;
                    touched.Pend(room);
                    plain.Pend(room);
                    touched.TouchEntry(room);
                    touched.TouchRecipients(room);
                    touched.Read(room);
                    plain.Read(room);
                    break;
                default:
                    touched.TouchRecipients(room);
                    touched.TouchEntry(room);
                    break;
            }
            Assert.Equal(plain.RoomsKept, touched.RoomsKept);
            for (int r = 0; r < Rooms; r++)
            {
                Assert.Equal(plain.ConnectionsIn(r), touched.ConnectionsIn(r));
                Assert.Equal(plain.ArrivedIn(r), touched.ArrivedIn(r));
                Assert.Equal(plain.RoomNumberOf(r, 0), touched.RoomNumberOf(r, 0));
                Assert.Equal(plain.FanoutIn(r).Exists, touched.FanoutIn(r).Exists);
            }
        }
    }

    [Fact]
    public void Entries_in_the_shared_cells_keep_what_a_tasks_own_slots_keep_whatever_the_other_tasks_do()
    {
        // One task with its own slots; beside it, task 1 of three sharing the cells of one run (tasks 0 and 2 busy in
        // the same rooms' cells). Both see the same operations and must read the same state at every step. Rooms go
        // when idle (a subscription per room): only then are the cells shared.
        const int Rooms = 5;
        int[] anywhere = new int[Rooms];
        var own = new ForwardingState(1000, null, new RoomHolders(Rooms, tasks: 1), 0, anywhere);
        var sharedHolders = new RoomHolders(Rooms, tasks: 3);
        Assert.NotNull(sharedHolders.Entries);
        ForwardingState[] shared = [.. Enumerable.Range(0, 3)
            .Select(t => new ForwardingState(1000, null, sharedHolders, t, anywhere))];
        var random = new Random(5);
        int[,] members = new int[3, Rooms];
        int kept = 0;
        int most = 0;
        bool letGo = false;
        for (int step = 0; step < 10_000; step++)
        {
            int task = random.Next(3);
            int room = random.Next(Rooms);
            // Task 1's operations go to both; the others' only to the shared cells.
            ForwardingState[] states = task == 1 ? [own, shared[1]] : [shared[task]];
            switch (random.Next(4))
            {
                case 0:
                    foreach (ForwardingState state in states)
                    {
                        state.JoinRoom(room);
                        state.FanoutOf(room).Add(step, 1e9);
                    }
                    members[task, room]++;
                    break;
                case 1 when members[task, room] > 0:
                    foreach (ForwardingState state in states)
                    {
                        state.LeaveRoom(room);
                        state.FanoutIn(room).RecipientLeft();
                    }
                    members[task, room]--;
                    break;
                case 2:
                    anywhere[room]++;
                    foreach (ForwardingState state in states)
                    {
                        state.Pend(room);
                        state.Read(room);
                    }
                    break;
                default:
                    foreach (ForwardingState state in states)
                    {
                        state.Arrive(room);
                    }
                    break;
            }
            Assert.Equal(own.RoomsKept, shared[1].RoomsKept);
            Assert.Equal(own.ArrivedOverConnections, shared[1].ArrivedOverConnections);
            Assert.Equal(own.PendingOverConnections, shared[1].PendingOverConnections);
            for (int r = 0; r < Rooms; r++)
            {
                Assert.Equal(own.ConnectionsIn(r), shared[1].ConnectionsIn(r));
                Assert.Equal(members[1, r], shared[1].ConnectionsIn(r));
                Assert.Equal(own.ArrivedIn(r), shared[1].ArrivedIn(r));
                Assert.Equal(own.RoomNumberOf(r, 3), shared[1].RoomNumberOf(r, 3));
                Assert.Equal(own.FanoutIn(r).Exists, shared[1].FanoutIn(r).Exists);
            }
            letGo |= own.RoomsKept < kept;
            kept = own.RoomsKept;
            most = Math.Max(most, kept);
        }
        // The walk held several rooms at once and let rooms go again.
        Assert.True(most > 1);
        Assert.True(letGo);
    }

    [Fact]
    public void A_room_is_held_by_exactly_the_tasks_with_a_forwarding_connection_in_it_in_task_order()
    {
        const int Rooms = 4;
        const int Tasks = 6;
        var holders = new RoomHolders(Rooms, Tasks);
        ForwardingState[] states = [.. Enumerable.Range(0, Tasks)
            .Select(t => new ForwardingState(1000, sharedArrivals: null, holders, t))];
        int[,] members = new int[Tasks, Rooms];
        var random = new Random(7);
        for (int step = 0; step < 5000; step++)
        {
            int task = random.Next(Tasks);
            int room = random.Next(Rooms);
            if (random.Next(2) == 0)
            {
                states[task].Join(room);
                members[task, room]++;
            }
            else if (members[task, room] > 0)
            {
                states[task].Leave(room);
                members[task, room]--;
            }
            for (int r = 0; r < Rooms; r++)
            {
                int[] expected = [.. Enumerable.Range(0, Tasks).Where(t => members[t, r] > 0)];
                Assert.Equal(expected, holders.Visit(r).ToArray());
            }
        }
    }

    [Fact]
    public void Per_connection_tasks_share_one_count_of_arrivals_and_each_adds_only_its_own_connections()
    {
        int[] arrivals = new int[2];
        var holders = new RoomHolders(2, 2);
        var a = new ForwardingState(1000, arrivals, holders, 0);
        var b = new ForwardingState(1000, arrivals, holders, 1);
        a.Join(1);
        a.Join(1);
        arrivals[1]++;
        a.ArrivedEverywhere(1);
        b.Join(1);
        Assert.Equal(1, b.ArrivedIn(1));
        Assert.Equal(2, a.ArrivedOverConnections);
        Assert.Equal(1, b.ArrivedOverConnections);
    }

    [Fact]
    public void A_connection_in_two_rooms_counts_once_and_is_owed_both_rooms_messages()
    {
        var holders = new RoomHolders(rooms: 2, tasks: 1);
        var state = new ForwardingState(1000, sharedArrivals: null, holders, task: 0);
        state.Arrive(0);
        state.Arrive(1);
        state.Arrive(1);
        state.Join(0);
        state.JoinRoom(1);
        Assert.Equal(1, state.Connections);
        Assert.Equal(1, state.ConnectionsIn(0));
        Assert.Equal(1, state.ConnectionsIn(1));
        Assert.Equal(3, state.ArrivedOverConnections);
        Assert.Equal([0], holders.Visit(1).ToArray());
        state.LeaveRoom(1);
        state.Leave(0);
        Assert.Equal(0, state.Connections);
        Assert.Equal(0, state.ArrivedOverConnections);
        Assert.Equal(0, holders.Visit(1).Length);
    }

    [Fact]
    public void A_room_nobody_holds_and_nothing_waits_for_keeps_no_entry_and_taken_up_again_numbers_as_the_room_does()
    {
        int[] anywhere = new int[3];
        var holders = new RoomHolders(rooms: 3, tasks: 1);
        var state = new ForwardingState(1000, sharedArrivals: null, holders, task: 0, arrivalsAnywhere: anywhere);
        state.Join(2);
        state.Pend(2);
        state.Leave(2);
        // A copy still waits for the read: the room stays.
        Assert.Equal(1, state.RoomsKept);
        anywhere[2]++;
        state.Read(2);
        Assert.Equal(0, state.RoomsKept);
        anywhere[2] += 4;
        state.Join(2);
        state.Pend(2);
        anywhere[2]++;
        state.Read(2);
        // The room's sixth message (index 5) is this task's first since it took the room up again.
        Assert.Equal(5, state.RoomNumberOf(2, state.ArrivedIn(2) - 1));
        Assert.Equal(state.ArrivedIn(2), state.ArrivedOverConnections);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_task_subscribed_to_its_one_room_for_the_whole_run_keeps_counting_while_nobody_is_there(int tasks)
    {
        var holders = new RoomHolders(rooms: 1, tasks);
        var state = new ForwardingState(1000, sharedArrivals: null, holders, task: 0);
        state.Join(0);
        state.Leave(0);
        state.Arrive(0);
        state.Arrive(0);
        Assert.Equal(2, state.Arrived);
        Assert.Equal(1, state.RoomsKept);
    }
}
