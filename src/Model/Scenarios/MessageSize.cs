using System.Globalization;

namespace FanoutSim.Model.Scenarios;

/// <summary>
/// How big a room class's chat messages are: every one <paramref name="Bytes"/> long, or each drawn from
/// <paramref name="Law"/> when it is published (its own random stream, so no other draw moves).
/// </summary>
/// <param name="Bytes">every message's size; with a law, unused (0)</param>
public sealed record MessageSize(int Bytes, RoomSizeDistribution? Law = null)
{
    /// <summary>What a message takes on average: what a fluid bound charges.</summary>
    public double MeanBytes => Law?.Mean() ?? Bytes;

    /// <summary>The size as a report shows it: "500 B", or the law and its mean.</summary>
    public string Text => Law is null
        ? Bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : string.Create(CultureInfo.InvariantCulture, $"{Law.Text} B, mean {MeanBytes:0}");
}
