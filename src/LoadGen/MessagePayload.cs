using System.Globalization;
using FanoutSim.Model.Scenarios;
using FanoutSim.Sim.Random;

namespace FanoutSim.LoadGen;

/// <summary>
/// The messages one user sends, sized as its room class says. A class's message_bytes is, as in the model
/// (MessageSize, CopyBytes), the payload the server publishes to Redis: the envelope (id, user, room, time) around
/// the content the user sent, which is all a receiver is sent. The unpadded message ({"user":N,"text":"STAMP"}) is
/// what the profile's copies were measured with, the size its message_bytes names
/// (<see cref="CostProfile.MeasuredMessageBytes"/>); a message of M bytes is that one with M - 200 characters more of
/// text, so its Redis copies are M - 200 bytes longer, exactly what the model charges. A size drawn from a law is
/// drawn per sent message from the user's own stream. A user in several rooms puts the room's line (its name and a
/// line feed) before each message, which the server takes off: the published message is the same.
/// </summary>
internal sealed class MessagePayload
{
    /// <summary>What the unpadded message stands for, as the server publishes it.</summary>
    public const int UnpaddedBytes = (int)CostProfile.MeasuredMessageBytes;

    /// <summary>The bundled chat server's largest message from a client (its Chat:MaxMessageBytes default): a longer
    /// one closes the connection.</summary>
    public const int ServerContentLimit = 4096;

    private readonly byte[] _buffer;
    private readonly int _unpadded;
    private readonly int _fixedBytes;
    private readonly Func<double, int>? _draw;
    private readonly RandomStream? _draws;
    private int _length;

    /// <param name="size">the class's message size; null = every message unpadded</param>
    /// <param name="draws">the user's stream; needed when the size is drawn from a law</param>
    /// <param name="line">what each frame starts with (a room's line in several rooms); null = nothing</param>
    public MessagePayload(int user, MessageSize? size, RandomStream? draws, byte[]? line = null)
    {
        byte[] template = [.. line ?? [], .. LatencyStamp.Template(user)];
        _unpadded = template.Length;
        int most = size is null ? UnpaddedBytes : size.Law?.Max ?? size.Bytes;
        _buffer = new byte[_unpadded + Padding(most)];
        template.CopyTo(_buffer, 0);
        // The text's padding, then the closing quote and brace moved to the end of each message as it is sized.
        _buffer.AsSpan(_unpadded - 2).Fill((byte)'x');
        _fixedBytes = size is null ? UnpaddedBytes : size.Bytes;
        _draw = size?.Law?.SizeAt();
        _draws = _draw is null ? null : draws ?? throw new ArgumentNullException(nameof(draws));
        _length = _unpadded;
        Close(_length);
    }

    /// <summary>The user's stream of message sizes: one per user, so no user's draws move another's.</summary>
    public static RandomStream Stream(ulong seed, int user) => new RandomStreams(seed).For("message-bytes", user);

    /// <summary>The stream of a seat in a shared room (a user's room past its first): one per seat, so a user's first
    /// room draws as it did.</summary>
    public static RandomStream SeatStream(ulong seed, int seat) =>
        new RandomStreams(seed).For("message-bytes-seat", seat);

    /// <summary>The buffer the next message is written in (the stamp goes where the template's text starts).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Sizes the next message (its published size drawn when the class has a law): its bytes in
    /// <see cref="Buffer"/>.</summary>
    public ReadOnlyMemory<byte> Next()
    {
        int bytes = _draw is null ? _fixedBytes : _draw(_draws!.NextDouble());
        int length = _unpadded + Padding(bytes);
        if (length != _length)
        {
            _buffer.AsSpan(_length - 2, 2).Fill((byte)'x');
            _length = length;
            Close(length);
        }
        return _buffer.AsMemory(0, length);
    }

    /// <summary>
    /// Why a class's message sizes cannot be sent by the load generator to the bundled server, or null: below the
    /// unpadded message, or a content above the server's limit.
    /// </summary>
    public static string? Problem(MessageSize size, int users)
    {
        int least = size.Law?.Min ?? size.Bytes;
        int most = size.Law?.Max ?? size.Bytes;
        int longestContent = LatencyStamp.Template(Math.Max(0, users - 1)).Length + Padding(most);
        return least < UnpaddedBytes
            ? I($"at least {UnpaddedBytes} bytes for a real run (got {least}): ")
                + I($"the load generator's unpadded message is already about {UnpaddedBytes} bytes as the server ")
                + "publishes it (its envelope's id, user, room and time), the size the profile's copies stand for"
            : longestContent > ServerContentLimit
            ? I($"at most {most - (longestContent - ServerContentLimit)} bytes for a real run (got {most}): ")
                + I($"a user would send {longestContent} bytes, above the chat server's ")
                + I($"{ServerContentLimit}-byte limit")
            : null;
    }

    /// <summary>Text added to the unpadded message for a published size of <paramref name="bytes"/>.</summary>
    private static int Padding(int bytes) => Math.Max(0, bytes - UnpaddedBytes);

    private void Close(int length)
    {
        _buffer[length - 2] = (byte)'"';
        _buffer[length - 1] = (byte)'}';
    }

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
