using FanoutSim.Model.Rooms;

namespace FanoutSim.LoadGen;

/// <summary>
/// Where a room lives on a server: the --url with its last path segment, the room prefix, replaced by the room's name
/// (<see cref="RoomNames"/>), so ws://127.0.0.1:5001/ws/chat holds room 3 at ws://127.0.0.1:5001/ws/chat-3.
/// </summary>
internal static class RoomUrl
{
    /// <summary>The url's last path segment as written (escaped), or the default prefix when it is empty.</summary>
    public static string Prefix(Uri server)
    {
        string path = server.AbsolutePath;
        string last = path[(path.LastIndexOf('/') + 1)..];
        return last.Length > 0 ? last : RoomNames.DefaultPrefix;
    }

    /// <summary>The query that joins <paramref name="rooms"/> too (the chat server's `join`, repeated), named after
    /// the url's prefix.</summary>
    public static string Joins(Uri server, IEnumerable<int> rooms) =>
        string.Join('&', rooms.Select(r => "join=" + Uri.EscapeDataString(RoomNames.Of(Prefix(server), r))));

    /// <summary><paramref name="url"/> with <paramref name="joins"/> added to its query.</summary>
    public static Uri Joining(Uri url, string joins) =>
        new(url.GetLeftPart(UriPartial.Path) + (url.Query.Length > 1 ? url.Query + "&" : "?") + joins);

    /// <summary>What a frame of <paramref name="room"/> starts with on a connection in several rooms: its name and a
    /// line feed (the chat server's RoomLine).</summary>
    public static byte[] Line(Uri server, int room) =>
        System.Text.Encoding.UTF8.GetBytes(RoomNames.Of(Prefix(server), room) + "\n");

    /// <summary>Room <paramref name="room"/>'s url on <paramref name="server"/>, its query kept.</summary>
    public static Uri Of(Uri server, int room)
    {
        string path = server.AbsolutePath;
        string parent = path[..(path.LastIndexOf('/') + 1)];
        return new Uri(server.GetLeftPart(UriPartial.Authority) + parent + RoomNames.Of(Prefix(server), room)
            + server.Query);
    }
}
