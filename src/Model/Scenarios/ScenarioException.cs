namespace FanoutSim.Model.Scenarios;

/// <summary>A scenario that cannot be simulated; <see cref="Key"/> names the offending setting.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string key, string message) : base(message)
    {
        Key = key;
    }

    public string Key { get; }

    /// <summary>The room class (its index in the workload's rooms) whose own value breaks the rule; null = the top
    /// level's.</summary>
    public int? RoomClass { get; init; }
}
