using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Runs;

/// <summary>
/// The one translation between a scenario's room classes and the classes a run records: sizes, whose users a class
/// holds, and each class's own traffic (its send keys, message size, session and reconnect laws, as the scenario's
/// class says them), so a run repeats as a scenario with the traffic and churn that were measured.
/// </summary>
public static class RunRoomClasses
{
    /// <summary>Law names as a scenario and a run file write them.</summary>
    public const string Uniform = "uniform";

    public const string LogNormal = "lognormal";

    public const string Exponential = "exponential";

    /// <summary>
    /// The classes as a run records them: a fixed class as it is, a distribution as its runs of equal sizes, each with
    /// its class's traffic.
    /// </summary>
    public static RunRoomClass[] Of(IReadOnlyList<RoomClass> classes) =>
        [.. classes.SelectMany(c => (c.Distribution is null ? [new RunRoomClass(c.Count, c.Size)] : SizeRuns(c))
            .Select(r => WithTraffic(r, c)))];

    /// <summary>The room classes of a run's recorded rooms, with their traffic.</summary>
    /// <exception cref="ScenarioException">a recorded send process or message size law is not one a scenario takes
    /// </exception>
    public static RoomClass[] RoomClasses(IReadOnlyList<RunRoomClass> rooms) =>
        [.. rooms.Select(c => new RoomClass(c.Count, c.Size)
        {
            Membership = c.Members is null
                ? RoomMembership.New
                : RoomMembershipText.Map.Parse(c.Members, "rooms.members"),
            Sending = c.IntervalSeconds is null && c.Sends is null && c.SendJitterSeconds is null
                ? null
                : new SendOverride(c.IntervalSeconds, c.Sends, c.SendJitterSeconds),
            MessageSize = c.MessageBytes is { } size ? MessageSize(size) : null,
            Session = c.Session is { } session ? Duration(session, "session") : null,
            Reconnect = c.Reconnect is { } gap ? Duration(gap, "reconnect") : null,
        })];

    /// <summary>A session length or reconnect gap as a run file records it: seconds, or the law's keys.</summary>
    public static RunDuration Of(DurationLaw law) => law switch
    {
        FixedDuration f => RunDuration.Fixed(f.Seconds),
        ExponentialDuration e => new RunDuration(Distribution: Exponential, Mean: e.Mean),
        LogNormalDuration l => new RunDuration(Distribution: LogNormal, Median: l.Median, Sigma: l.Sigma),
        UniformDuration u => new RunDuration(Distribution: Uniform, Min: u.Min, Max: u.Max),
        _ => throw new ScenarioException("session", $"{law.Text}: a run records fixed, {Exponential}, {LogNormal} "
            + $"or {Uniform} lengths only"),
    };

    /// <summary>The session length or reconnect gap a run file records under <paramref name="key"/>.</summary>
    /// <exception cref="ScenarioException">the law is unknown, lacks a key, or describes no durations</exception>
    public static DurationLaw Duration(RunDuration d, string key)
    {
        DurationLaw law = d.Distribution switch
        {
            null => new FixedDuration(d.Seconds ?? throw new ScenarioException(key, "the length has no seconds")),
            Exponential => new ExponentialDuration(Key(d.Mean, "mean", key)),
            LogNormal => new LogNormalDuration(Key(d.Median, "median", key), Key(d.Sigma, "sigma", key)),
            Uniform => new UniformDuration(Key(d.Min, "min", key), Key(d.Max, "max", key)),
            _ => throw new ScenarioException(key,
                $"distribution '{d.Distribution}'; expected {Exponential}, {LogNormal} or {Uniform}"),
        };
        return law.Problem() is { } problem ? throw new ScenarioException(key, $"{law.Text}: {problem}") : law;
    }

    /// <summary>A message size as a run file records it.</summary>
    public static RunMessageSize Of(MessageSize size) => size.Law switch
    {
        null => RunMessageSize.Fixed(size.Bytes),
        UniformRoomSizes u => new RunMessageSize(Distribution: Uniform, Min: u.Min, Max: u.Max),
        LogNormalRoomSizes l => new RunMessageSize(Distribution: LogNormal, Min: l.Min, Max: l.Max, Median: l.Median,
            Sigma: l.Sigma),
        RoomSizeDistribution other => throw new ScenarioException("message_bytes",
            $"message sizes {other.Text}: a run records {Uniform} or {LogNormal} laws only"),
    };

    /// <summary>The message size a run file records.</summary>
    /// <exception cref="ScenarioException">the law is unknown, lacks a key, or describes no sizes</exception>
    public static MessageSize MessageSize(RunMessageSize size)
    {
        if (size.Distribution is null)
        {
            return size.Bytes is >= 1 and { } bytes
                ? new MessageSize(bytes)
                : throw new ScenarioException("message_bytes", $"got {size.Bytes}; expected at least 1 byte");
        }
        RoomSizeDistribution law = size.Distribution switch
        {
            Uniform => new UniformRoomSizes(Key(size.Min, "min"), Key(size.Max, "max")),
            LogNormal => new LogNormalRoomSizes(Key(size.Median, "median"), Key(size.Sigma, "sigma"),
                Key(size.Min, "min"), Key(size.Max, "max")),
            _ => throw new ScenarioException("message_bytes",
                $"distribution '{size.Distribution}'; expected {Uniform} or {LogNormal}"),
        };
        return law.Problem() is { } problem
            ? throw new ScenarioException("message_bytes", $"message sizes {law.Text}: {problem}")
            : new MessageSize(0, law);
    }

    private static T Key<T>(T? value, string key, string of = "message_bytes")
        where T : struct =>
        value ?? throw new ScenarioException(of, $"the law has no {key}");

    private static RunRoomClass WithTraffic(RunRoomClass run, RoomClass c) => run with
    {
        Members = c.SharesMembers ? c.Membership.ToText() : null,
        IntervalSeconds = c.Sending?.IntervalSeconds,
        Sends = c.Sending?.Sends,
        SendJitterSeconds = c.Sending?.JitterSeconds,
        MessageBytes = c.MessageSize is { } size ? Of(size) : null,
        Session = c.Session is { } session ? Of(session) : null,
        Reconnect = c.Reconnect is { } gap ? Of(gap) : null,
    };

    private static List<RunRoomClass> SizeRuns(RoomClass c)
    {
        var runs = new List<RunRoomClass>();
        foreach (int size in c.RoomSizes())
        {
            if (runs.Count > 0 && runs[^1].Size == size)
            {
                runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
            }
            else
            {
                runs.Add(new RunRoomClass(1, size));
            }
        }
        return runs;
    }
}
