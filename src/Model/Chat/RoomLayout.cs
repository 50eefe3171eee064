using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Which rooms each user is in. Users fill the rooms of the classes with members of their own class by class, room
/// by room, in the order the workload lists them (no random draw, so a workload without rooms draws exactly what it
/// drew before rooms existed): each user's first room. Contiguous blocks, not user mod rooms: with round-robin
/// balancing that would put each room whole on one task by accident. A shared class's rooms are then filled from the
/// users placed before it, contiguously in user order from the first, wrapping around (again no draw): each such seat
/// is one more room of its user, kept apart (offsets and rooms, as a sparse matrix's rows) so a user in one room costs
/// what it did. The load generator places real users with it too, so a measured run and its prediction hold the same
/// rooms.
/// </summary>
public sealed class RoomLayout
{
    private readonly int[] _roomOfUser;
    private readonly int[] _classOfRoom;
    private readonly int[] _sizeOfRoom;
    private readonly bool[] _sharedClass;

    // Shared classes only: user u's further rooms are _extraRooms[_extraStart[u] .. _extraStart[u + 1]), ascending.
    private readonly int[]? _extraStart;
    private readonly int[]? _extraRooms;
    private readonly int[]? _userOfExtra;

    public RoomLayout(Workload workload)
        : this(workload.RoomClasses, workload.Users)
    {
    }

    /// <summary>The rooms of <paramref name="classes"/>, filled by as many users as they have members.</summary>
    public RoomLayout(IReadOnlyList<RoomClass> classes)
        : this(classes, (int)RoomClass.UsersOf(classes))
    {
    }

    private RoomLayout(IReadOnlyList<RoomClass> classes, int users)
    {
        Classes = classes.Count;
        Count = (int)classes.Sum(c => (long)c.Count);
        _classOfRoom = new int[Count];
        _sizeOfRoom = new int[Count];
        _roomOfUser = new int[users];
        _sharedClass = [.. classes.Select(c => c.SharesMembers)];
        int room = 0;
        int user = 0;
        for (int k = 0; k < classes.Count; k++)
        {
            foreach (int size in classes[k].RoomSizes())
            {
                _classOfRoom[room] = k;
                _sizeOfRoom[room] = size;
                if (!classes[k].SharesMembers)
                {
                    for (int m = 0; m < size; m++)
                    {
                        _roomOfUser[user++] = room;
                    }
                }
                room++;
            }
        }
        if (classes.Any(c => c.SharesMembers))
        {
            (_extraStart, _extraRooms, _userOfExtra) = SharedSeats(classes, users);
        }
    }

    /// <summary>Rooms in the run.</summary>
    public int Count { get; }

    /// <summary>Users placed.</summary>
    public int Users => _roomOfUser.Length;

    /// <summary>Classes of rooms the workload names (1 without rooms).</summary>
    public int Classes { get; }

    /// <summary>Some user is in more than one room (a class shares its members).</summary>
    public bool SeveralRoomsPerUser => _extraRooms is not null;

    /// <summary>Seats in shared rooms: every user's rooms past its first, summed.</summary>
    public int ExtraMemberships => _extraRooms?.Length ?? 0;

    public int SizeOf(int room) => _sizeOfRoom[room];

    /// <summary>Every room's size, in room order.</summary>
    public IReadOnlyList<int> Sizes => _sizeOfRoom;

    /// <summary>Each room's members whose first room it is (a shared room's: none), in room order: what room-affine
    /// balancing deals, since it places a user by its first room.</summary>
    public IReadOnlyList<int> FirstMembers =>
        _extraRooms is null ? _sizeOfRoom : [.. _sizeOfRoom.Select((n, room) => IsShared(room) ? 0 : n)];

    /// <summary>The user's first room (its only one unless a class shares its members).</summary>
    public int RoomOf(int user) => _roomOfUser[user];

    public int ClassOf(int room) => _classOfRoom[room];

    /// <summary>The room's members are users placed by earlier classes.</summary>
    public bool IsShared(int room) => _sharedClass[_classOfRoom[room]];

    /// <summary>Where the user's rooms past its first start among the seats (<see cref="ExtraRoom"/>); the next
    /// user's start ends them.</summary>
    public int ExtraStart(int user) => _extraStart is null ? 0 : _extraStart[user];

    /// <summary>The room of a seat in a shared room.</summary>
    public int ExtraRoom(int seat) => _extraRooms![seat];

    /// <summary>The user who holds a seat in a shared room.</summary>
    public int UserOfExtra(int seat) => _userOfExtra![seat];

    /// <summary>Every room of <paramref name="user"/>: its first, then those of shared classes in room order.</summary>
    public IEnumerable<int> RoomsOf(int user)
    {
        yield return _roomOfUser[user];
        for (int seat = ExtraStart(user); seat < ExtraStart(user + 1); seat++)
        {
            yield return _extraRooms![seat];
        }
    }

    /// <summary>
    /// Each shared class's rooms filled from users 0.. of the classes before it, contiguously, wrapping around; the
    /// seats grouped by user (counted first, then placed), each user's in room order.
    /// </summary>
    private static (int[] Start, int[] Rooms, int[] UserOf) SharedSeats(IReadOnlyList<RoomClass> classes, int users)
    {
        int[] start = new int[users + 2];
        var seats = new List<(int Room, int User)>();
        long before = 0;
        int room = 0;
        foreach (RoomClass c in classes)
        {
            int pool = (int)before;
            int next = 0;
            foreach (int size in c.RoomSizes())
            {
                if (c.SharesMembers)
                {
                    for (int m = 0; m < size; m++)
                    {
                        seats.Add((room, next));
                        start[next + 2]++;
                        next = next + 1 == pool ? 0 : next + 1;
                    }
                }
                room++;
            }
            before += c.Users;
        }
        for (int u = 2; u < start.Length; u++)
        {
            start[u] += start[u - 1];
        }
        int[] rooms = new int[seats.Count];
        int[] userOf = new int[seats.Count];
        // Seats come in room order, so each user's rooms land ascending.
        foreach ((int seatRoom, int user) in seats)
        {
            int at = start[user + 1]++;
            rooms[at] = seatRoom;
            userOf[at] = user;
        }
        return (start[..(users + 1)], rooms, userOf);
    }
}
