using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Chat;

/// <summary>
/// Which room each user is in: users fill the rooms class by class, room by room, in the order the workload lists
/// them (no random draw, so a workload without rooms draws exactly what it drew before rooms existed). Contiguous
/// blocks, not user mod rooms: with round-robin balancing that would put each room whole on one task by accident.
/// The load generator places real users with it too, so a measured run and its prediction hold the same rooms.
/// </summary>
public sealed class RoomLayout
{
    private readonly int[] _roomOfUser;
    private readonly int[] _classOfRoom;
    private readonly int[] _sizeOfRoom;

    public RoomLayout(Workload workload)
        : this(workload.RoomClasses, workload.Users)
    {
    }

    /// <summary>The rooms of <paramref name="classes"/>, filled by as many users as they have members.</summary>
    public RoomLayout(IReadOnlyList<RoomClass> classes)
        : this(classes, (int)classes.Sum(c => c.Members))
    {
    }

    private RoomLayout(IReadOnlyList<RoomClass> classes, int users)
    {
        Classes = classes.Count;
        Count = (int)classes.Sum(c => (long)c.Count);
        _classOfRoom = new int[Count];
        _sizeOfRoom = new int[Count];
        _roomOfUser = new int[users];
        int room = 0;
        int user = 0;
        for (int k = 0; k < classes.Count; k++)
        {
            foreach (int size in classes[k].RoomSizes())
            {
                _classOfRoom[room] = k;
                _sizeOfRoom[room] = size;
                for (int m = 0; m < size; m++)
                {
                    _roomOfUser[user++] = room;
                }
                room++;
            }
        }
    }

    /// <summary>Rooms in the run.</summary>
    public int Count { get; }

    /// <summary>Users placed.</summary>
    public int Users => _roomOfUser.Length;

    /// <summary>Classes of rooms the workload names (1 without rooms).</summary>
    public int Classes { get; }

    public int SizeOf(int room) => _sizeOfRoom[room];

    /// <summary>Every room's size, in room order.</summary>
    public IReadOnlyList<int> Sizes => _sizeOfRoom;

    public int RoomOf(int user) => _roomOfUser[user];

    public int ClassOf(int room) => _classOfRoom[room];
}
