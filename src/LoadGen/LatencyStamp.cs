using System.Diagnostics;

namespace FanoutSim.LoadGen;

/// <summary>
/// The send time a message carries, so its receiver knows the delivery latency (one process, one clock): the
/// five characters of the message's "text" (where k6's script had "hello", so every message keeps its size), 30 bits
/// of 10-microsecond units since the run's start in a JSON-safe base-64 alphabet: three hours at 10 us resolution.
/// </summary>
internal static class LatencyStamp
{
    public const int Length = 5;
    private const double UnitSeconds = 10e-6;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly byte[] s_textKey = "\"text\":\""u8.ToArray();

    /// <summary>The message a user sends, with room for the stamp where the text goes.</summary>
    public static byte[] Template(int user) =>
        System.Text.Encoding.UTF8.GetBytes($"{{\"user\":{user},\"text\":\"hello\"}}");

    /// <summary>Writes the stamp of <paramref name="now"/> (a Stopwatch timestamp) into the message.</summary>
    public static void Write(byte[] message, long runStart, long now)
    {
        int at = message.AsSpan().IndexOf(s_textKey) + s_textKey.Length;
        long units = (long)(Stopwatch.GetElapsedTime(runStart, now).TotalSeconds / UnitSeconds);
        for (int i = Length - 1; i >= 0; i--)
        {
            message[at + i] = (byte)Alphabet[(int)(units & 63)];
            units >>= 6;
        }
    }

    /// <summary>Seconds from the message's stamp to <paramref name="now"/>; null when it carries none.</summary>
    public static double? Age(ReadOnlySpan<byte> message, long runStart, long now)
    {
        int key = message.IndexOf(s_textKey);
        if (key < 0 || key + s_textKey.Length + Length > message.Length)
        {
            return null;
        }
        long units = 0;
        foreach (byte b in message.Slice(key + s_textKey.Length, Length))
        {
            int digit = Alphabet.IndexOf((char)b, StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }
            units = (units << 6) | (uint)digit;
        }
        return Stopwatch.GetElapsedTime(runStart, now).TotalSeconds - units * UnitSeconds;
    }
}
