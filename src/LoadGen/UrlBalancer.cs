using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>
/// The load balancer stand-in in front of the server processes (one per --url): which url a new connection of a room
/// dials. Round-robin takes the next url whatever the room; room-affine sends every connection of a room to the
/// process the model's <see cref="RoomDeal"/> gives it. Thread-safe.
/// </summary>
internal sealed class UrlBalancer
{
    private readonly UrlRotation _rotation;

    // Room r on server i; without --rooms the one room is the --url list itself, untouched.
    private readonly Uri[][] _urlOfRoom;
    private readonly int[]? _taskOfRoom;

    /// <param name="rooms">the run's rooms; null for the one room the urls name</param>
    public UrlBalancer(IReadOnlyList<Uri> urls, LoadBalancing policy, RoomLayout? rooms)
    {
        if (policy == LoadBalancing.LeastConnections)
        {
            throw new ArgumentException("least-connections is not implemented by the load generator", nameof(policy));
        }
        _rotation = new UrlRotation(urls);
        _urlOfRoom = rooms is null
            ? [[.. urls]]
            : Enumerable.Range(0, rooms.Count).Select(r => urls.Select(u => RoomUrl.Of(u, r)).ToArray()).ToArray();
        // One room goes whole to the first process, whatever its size, as the model deals it; a user goes where its
        // first room is, so the deal weighs each room by the members it is first to (a shared room's: none).
        _taskOfRoom = policy == LoadBalancing.RoomAffine
            ? RoomDeal.TaskOfRoom(rooms?.FirstMembers ?? [1], urls.Count)
            : null;
    }

    /// <summary>The url a new connection to <paramref name="room"/> dials; with <paramref name="joins"/> (a user in
    /// several rooms), one that joins those rooms too.</summary>
    public Uri Pick(int room, string? joins = null)
    {
        int server = _taskOfRoom is null ? _rotation.NextIndex() : _taskOfRoom[room];
        Uri url = _urlOfRoom[room][server];
        return joins is null ? url : RoomUrl.Joining(url, joins);
    }
}
