namespace FanoutSim.Model.Scenarios.Profile;

/// <summary>What a cost-profile value measures; it decides how the value is read from text and written back.</summary>
public enum ProfileUnit
{
    /// <summary>A duration or CPU time in seconds (of one full core): 1s, 500ms, 20us, 2m, 1h or a number.</summary>
    Seconds,

    /// <summary>Cores, or a share of one core.</summary>
    Cores,

    Bytes,

    /// <summary>Thousands of bytes.</summary>
    Kilobytes,

    Gigabytes,

    /// <summary>A whole number of steps or messages.</summary>
    Count,

    /// <summary>A probability, or a relative spread around 1.</summary>
    Fraction,

    /// <summary>A mechanism switched on (true) or off (false).</summary>
    Flag,

    /// <summary>A machine speed index: chat envelopes per CPU-second of `fanoutsim probe`'s fixed hot path.</summary>
    SpeedIndex,
}
