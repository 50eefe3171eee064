namespace FanoutSim.Model.Chat;

/// <summary>
/// How a held-back subscriber's pending copies leave once TCP coalesces them: its socket holds them as one byte
/// stream, cut into segments of up to the link's MSS, each one packet with one set of headers. A copy may straddle
/// two segments; it has arrived once the segment holding its last byte has.
/// </summary>
/// <param name="CopyBytes">one copy's bytes in the stream (message and RESP framing)</param>
/// <param name="HeaderBytes">what each packet adds on the wire (IP, TCP and link headers)</param>
/// <param name="MssBytes">the link's maximum segment size: payload bytes per packet</param>
internal sealed record CopySegments(double CopyBytes, double HeaderBytes, double MssBytes)
{
    /// <summary>Segments that <paramref name="copies"/> copies take: ceil(bytes / MSS).</summary>
    public int Segments(int copies) => copies <= 0 ? 0 : (int)Math.Ceiling(copies * CopyBytes / MssBytes - 1e-9);

    /// <summary>Wire bytes of the first segment of <paramref name="copies"/> pending copies.</summary>
    public double HeadBytes(int copies) => Math.Min(copies * CopyBytes, MssBytes) + HeaderBytes;

    /// <summary>Mean wire bytes of the segments <paramref name="copies"/> (at least one) copies take, written at once.
    /// </summary>
    public double MeanSegmentBytes(int copies)
    {
        int segments = Segments(copies);
        return (copies * CopyBytes + segments * HeaderBytes) / segments;
    }

    /// <summary>Wire bytes of a full segment.</summary>
    public double FullBytes => MssBytes + HeaderBytes;

    /// <summary>Wire bytes of the last segment of <paramref name="copies"/> pending copies (a full one when they fill
    /// their segments exactly).</summary>
    public double LastBytes(int copies) => copies * CopyBytes - (Segments(copies) - 1) * MssBytes + HeaderBytes;

    /// <summary>Of <paramref name="copies"/> pending copies, those whole once the first <paramref name="segments"/>
    /// segments have arrived.</summary>
    public int CopiesIn(int segments, int copies) =>
        segments >= Segments(copies) ? copies : (int)Math.Floor(segments * MssBytes / CopyBytes + 1e-9);
}
