namespace FanoutSim.Model.Scenarios.Profile;

/// <summary>
/// A profile's CPU costs on a machine of another speed. The costs are CPU-seconds of the machine the profile was
/// fitted on (its <see cref="CostProfile.SpeedIndex"/>); the same work takes index-ratio times as long on a machine of
/// another index. Every field marked <see cref="ProfileField.CpuWork"/> scales; latencies, sizes, counts and
/// probabilities do not.
/// </summary>
public static class SpeedScaling
{
    /// <summary>
    /// The profile with its costs as they are on a machine of <paramref name="machineSpeedIndex"/>; the profile itself
    /// (the same object, so results stay bit for bit) when no machine is named, the profile records no speed, or the
    /// speeds are equal.
    /// </summary>
    public static CostProfile On(CostProfile profile, double? machineSpeedIndex)
    {
        if (machineSpeedIndex is not { } target || profile.SpeedIndex <= 0 || target == profile.SpeedIndex)
        {
            return profile;
        }
        return Scaled(profile, profile.SpeedIndex / target) with { SpeedIndex = target };
    }

    /// <summary>
    /// The profile with its costs as they are on a machine <paramref name="speedUp"/> times as fast as the one it
    /// prices (its speed index is left as it is); the profile itself when the factor is 1.
    /// </summary>
    public static CostProfile Faster(CostProfile profile, double speedUp) =>
        speedUp == 1 ? profile : Scaled(profile, 1 / speedUp);

    private static CostProfile Scaled(CostProfile profile, double slowdown)
    {
        CostProfile scaled = profile;
        foreach (ProfileField field in ProfileFields.All)
        {
            if (field.CpuWork)
            {
                scaled = field.With(scaled, field.Get(scaled) * slowdown);
            }
        }
        return scaled;
    }
}
