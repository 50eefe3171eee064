namespace FanoutSim.Model.Scenarios;

/// <summary>How a <see cref="SendProcess"/> is written: ticks, poisson, none.</summary>
public static class SendProcessText
{
    public static readonly TextMap<SendProcess> Map = new(
        (SendProcess.Ticks, "ticks"),
        (SendProcess.Poisson, "poisson"),
        (SendProcess.None, "none"));

    public static string ToText(this SendProcess process) => Map.Text(process);
}
