using System.Text;

namespace FanoutSim.ChatServer;

/// <summary>
/// How a connection in several rooms says which room a frame belongs to: the room's name and a line feed before the
/// message, in both directions (a client's frame names the room it posts to, a frame from the server the room the
/// message came from). A connection in one room sends and gets the bare message, as the reference server's clients do.
/// </summary>
public static class RoomLine
{
    /// <summary>The longest room name a connection may name (its path segment or a `join`).</summary>
    public const int MaxRoomNameLength = 200;

    /// <summary>The bytes before a message of <paramref name="room"/>.</summary>
    public static byte[] Of(string room) => Encoding.UTF8.GetBytes(room + "\n");

    /// <summary>
    /// The room a frame names among <paramref name="lines"/> (each room's <see cref="Of"/>) and where its message
    /// starts, or (-1, 0) when it names none of them.
    /// </summary>
    public static (int Room, int MessageStart) Split(ReadOnlySpan<byte> frame, IReadOnlyList<byte[]> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (frame.StartsWith(lines[i]))
            {
                return (i, lines[i].Length);
            }
        }

        return (-1, 0);
    }
}
