using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// Which room each virtual user is in, placed as the model's RoomLayout places simulated users: class by class, room
/// by room, in contiguous blocks (users 0..9 in room 0 of 30x10), so a measured run and its prediction hold the same
/// rooms. The sizes come from the model's <see cref="RoomClass"/>, as RunSetups rebuilds them from a run file.
/// </summary>
internal sealed class RoomPlacement
{
    private readonly int[] _roomOfUser;
    private readonly int[] _classOfRoom;
    private readonly int[] _sizeOfRoom;

    /// <param name="classes">the rooms, class by class; their members add up to the users</param>
    public RoomPlacement(IReadOnlyList<RunRoomClass> classes)
    {
        var sizes = new List<int>();
        var classOfRoom = new List<int>();
        for (int k = 0; k < classes.Count; k++)
        {
            foreach (int size in new RoomClass(classes[k].Count, classes[k].Size).RoomSizes())
            {
                sizes.Add(size);
                classOfRoom.Add(k);
            }
        }
        _sizeOfRoom = [.. sizes];
        _classOfRoom = [.. classOfRoom];
        _roomOfUser = new int[sizes.Sum()];
        int user = 0;
        for (int room = 0; room < _sizeOfRoom.Length; room++)
        {
            Array.Fill(_roomOfUser, room, user, _sizeOfRoom[room]);
            user += _sizeOfRoom[room];
        }
        Classes = classes.Count;
    }

    /// <summary>Users placed, the members of every room.</summary>
    public int Users => _roomOfUser.Length;

    /// <summary>Rooms in the run.</summary>
    public int Rooms => _sizeOfRoom.Length;

    /// <summary>Classes of rooms, as --rooms listed them.</summary>
    public int Classes { get; }

    /// <summary>Every room's size, in room order (what the room-affine deal takes).</summary>
    public IReadOnlyList<int> Sizes => _sizeOfRoom;

    public int RoomOf(int user) => _roomOfUser[user];

    public int ClassOf(int room) => _classOfRoom[room];

    public int SizeOf(int room) => _sizeOfRoom[room];
}
