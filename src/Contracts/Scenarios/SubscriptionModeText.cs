namespace FanoutSim.Model.Scenarios;

/// <summary>How a <see cref="SubscriptionMode"/> is written: per-connection, per-task.</summary>
public static class SubscriptionModeText
{
    public static readonly TextMap<SubscriptionMode> Map = new(
        (SubscriptionMode.PerConnection, "per-connection"),
        (SubscriptionMode.PerTask, "per-task"));

    public static string ToText(this SubscriptionMode mode) => Map.Text(mode);
}
