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

    /// <summary>
    /// The mean of <paramref name="messages"/> sizes drawn from the law, four standard errors low (it is below that
    /// once in 30,000 runs); the size itself when it is fixed.
    /// </summary>
    public double LowMeanBytes(double messages)
    {
        if (Law is null)
        {
            return Bytes;
        }
        int[] sizes = Law.Sizes(4096);
        double mean = sizes.Average();
        double deviation = Math.Sqrt(sizes.Average(x => (x - mean) * (x - mean)));
        return Math.Max(Law.Min, mean - 4 * deviation / Math.Sqrt(Math.Max(1, messages)));
    }

    /// <summary>The size as a report shows it: "500 B", or the law and its mean.</summary>
    public string Text => Law is null
        ? Bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : string.Create(CultureInfo.InvariantCulture, $"{Law.Text} B, mean {MeanBytes:0}");
}
