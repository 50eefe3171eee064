namespace FanoutSim.Model.Planning;

/// <summary>
/// A per-member amount of each room by its class (sends a second, or a session), and sums over the rooms taken rate by
/// rate: the rooms of one rate are summed first and then multiplied by it, so a workload whose classes all send alike
/// adds exactly as one rate times the whole did (the bounds of such workloads stay bit for bit what they were).
/// </summary>
internal sealed class RoomRates
{
    private readonly double[] _ofRoom;

    // Per distinct rate, in the order rooms first have it: the rate, its rooms' members and their squares.
    private readonly List<(double Rate, double Members, double Squares)> _groups = [];

    private RoomRates(RoomPlacement rooms, double[] perClass)
    {
        _ofRoom = [.. rooms.ClassOf.Select(k => perClass[k])];
        foreach (double rate in _ofRoom.Distinct())
        {
            double members = 0, squares = 0;
            for (int room = 0; room < _ofRoom.Length; room++)
            {
                if (_ofRoom[room].Equals(rate))
                {
                    int n = rooms.Sizes[room];
                    members += n;
                    squares += (double)n * n;
                }
            }
            _groups.Add((rate, members, squares));
        }
    }

    public static RoomRates Of(RoomPlacement rooms, double[] perClass) => new(rooms, perClass);

    /// <summary>The amount of one member of <paramref name="room"/>.</summary>
    public double this[int room] => _ofRoom[room];

    /// <summary>Every member's amount together (e.g. the whole send rate).</summary>
    public double Members()
    {
        double sum = 0;
        foreach ((double rate, double members, _) in _groups)
        {
            sum += rate * members;
        }
        return sum;
    }

    /// <summary>Each room's amount times its members squared (e.g. the deliveries a second wanted), times
    /// <paramref name="scale"/>.</summary>
    public double Squares(double scale = 1)
    {
        double sum = 0;
        foreach ((double rate, _, double squares) in _groups)
        {
            sum += scale * rate * squares;
        }
        return sum;
    }
}
