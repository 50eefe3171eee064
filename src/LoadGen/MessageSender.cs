using System.Buffers.Text;

namespace FanoutSim.LoadGen;

/// <summary>
/// The virtual user a received message came from: the "user" every message starts with
/// (<see cref="LatencyStamp.Template"/>), which the chat server hands back unchanged as the content it delivers. The
/// server's envelope names the room too, but clients are sent only the content, so the sender is how a receiver
/// tells a message of its own room from one that crossed rooms.
/// </summary>
internal static class MessageSender
{
    private static readonly byte[] s_userKey = "{\"user\":"u8.ToArray();

    /// <summary>The sender's user number, or null when the message does not start the way ours do.</summary>
    public static int? Of(ReadOnlySpan<byte> message)
    {
        if (!message.StartsWith(s_userKey)
            || !Utf8Parser.TryParse(message[s_userKey.Length..], out int user, out int digits)
            || digits == 0 || user < 0)
        {
            return null;
        }
        return user;
    }
}
