using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// A chat service grown or shrunk as a whole, room sizes unchanged: at scale k every room class has its count times k
/// rounded (at least one room) and the users are every member of the classes with members of their own. Point m gives
/// the most numerous class (the reference, the first of equals) m rooms, so k = m / its count: stepping that class one
/// room at a time is the finest scale at which every point is a different service, and point <see cref="One"/> is the
/// service as written. The reference is a class with users of its own, and the axis starts where every shared class's
/// rooms fit in the users before it.
/// </summary>
public sealed class RoomScaleAxis : ICapacityAxis
{
    private readonly Scenario _scenario;
    private readonly IReadOnlyList<RoomClass> _classes;
    private readonly int _reference;

    /// <param name="minUsers">the smallest point searched is the first with at least this many users</param>
    /// <param name="maxUsers">the largest point searched is the last with at most this many users; below
    /// <see cref="Min"/> when even one room of each class has more</param>
    public RoomScaleAxis(Scenario scenario, int minUsers, int maxUsers)
    {
        _scenario = scenario;
        _classes = scenario.Workload.RoomClasses;
        _reference = 0;
        for (int k = 1; k < _classes.Count; k++)
        {
            // A class of shared members adds no user, so the point walks over classes that do.
            if (!_classes[k].SharesMembers && _classes[k].Count > _classes[_reference].Count)
            {
                _reference = k;
            }
        }
        // No class shrinks as the point grows and the reference class gains a room of at least one member each step
        // (a distributed class's quantile sizes may shift by a member), so users are at least the point: walks end.
        int point = 1;
        // A shared class's rooms need as many users before it as their largest has members.
        while (ScenarioRules.SharedMembersProblem(ClassesAt(point)) is not null && UsersAt(point) <= maxUsers)
        {
            point++;
        }
        while (UsersAt(point) < minUsers && UsersAt(point) <= maxUsers)
        {
            point++;
        }
        Min = point;
        while (UsersAt(point) <= maxUsers)
        {
            point++;
        }
        Max = point - 1;
    }

    public int Min { get; }

    public int Max { get; }

    /// <summary>The point of the service as written (scale 1).</summary>
    public int One => _classes[_reference].Count;

    /// <summary>The class whose count is the point.</summary>
    public RoomClass Reference => _classes[_reference];

    public double Scale(int point) => point / (double)One;

    /// <summary>The room classes at a point: each count scaled and rounded half away from zero, at least 1.</summary>
    public IReadOnlyList<RoomClass> ClassesAt(int point)
    {
        if (point < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(point),
                $"a service has at least 1 room per class, got point {point}");
        }
        double k = Scale(point);
        return _classes
            .Select((c, i) => c with
            {
                Count = i == _reference
                    ? point
                    : Math.Max(1, (int)Math.Round(c.Count * k, MidpointRounding.AwayFromZero)),
            })
            .ToList();
    }

    public int UsersAt(int point) => (int)Math.Min(int.MaxValue, RoomClass.UsersOf(ClassesAt(point)));

    public Scenario At(int point)
    {
        IReadOnlyList<RoomClass> classes = ClassesAt(point);
        return _scenario with
        {
            Workload = _scenario.Workload with { Rooms = classes, Users = (int)RoomClass.UsersOf(classes) },
        };
    }

    public CapacityProbe Annotate(int point, RunReport report, CapacityProbe probe) => probe with
    {
        Rooms = new RoomScaleProbe(point, Scale(point), ClassesAt(point).Sum(c => c.Count),
            report.RoomClasses ?? []),
    };
}
