using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FanoutSim.ChatServer;

/// <summary>
/// The JSON envelope published to Redis, shaped like the reference server's
/// ({id, user, content, room, created_at}, about 190 bytes).
/// </summary>
public sealed record ChatMessage(string Id, string User, string Content, string Room, DateTimeOffset CreatedAt)
{
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_user = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText s_content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText s_room = JsonEncodedText.Encode("room");
    private static readonly JsonEncodedText s_createdAt = JsonEncodedText.Encode("created_at");

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// Writes the envelope straight from the received UTF-8 bytes, so the content is never
    /// decoded to a string on the hot path. Throws ArgumentException on invalid UTF-8.
    /// </summary>
    public static void Write(
        ArrayBufferWriter<byte> buffer,
        ref Utf8JsonWriter? writer,
        string id,
        string user,
        ReadOnlySpan<byte> contentUtf8,
        string room,
        DateTimeOffset createdAt)
    {
        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        writer.WriteString(s_id, id);
        writer.WriteString(s_user, user);
        writer.WriteString(s_content, contentUtf8);
        writer.WriteString(s_room, room);
        writer.WriteString(s_createdAt, createdAt);
        writer.WriteEndObject();
        writer.Flush();
    }

    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Utf8JsonWriter? writer = null;
        Write(buffer, ref writer, Id, User, Encoding.UTF8.GetBytes(Content), Room, CreatedAt);
        writer?.Dispose();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Full decode, for tools and tests; the server itself only needs <see cref="TryExtractContent"/>.
    /// </summary>
    public static ChatMessage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        return new ChatMessage(
            root.GetProperty("id").GetString() ?? "",
            root.GetProperty("user").GetString() ?? "",
            root.GetProperty("content").GetString() ?? "",
            root.GetProperty("room").GetString() ?? "",
            root.GetProperty("created_at").GetDateTimeOffset());
    }

    /// <summary>
    /// Pulls the "content" value out of an envelope as UTF-8, which is all a client is sent. Returns null unless
    /// the whole payload is one complete JSON object with a string "content" that is valid UTF-8: anything else
    /// (a foreign or truncated publish) would reach clients as an invalid text frame and drop them.
    /// </summary>
    public static byte[]? TryExtractContent(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            byte[]? content = null;
            // Reading to the end (rather than stopping at "content") is what rejects truncated JSON.
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName
                    && reader.CurrentDepth == 1
                    && reader.ValueTextEquals("content"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    content = !reader.ValueIsEscaped && !reader.HasValueSequence
                        ? reader.ValueSpan.ToArray()
                        : Encoding.UTF8.GetBytes(reader.GetString()!);
                }
            }

            return content is not null && System.Text.Unicode.Utf8.IsValid(content) ? content : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A foreign publisher on the channel must not take the server down.
            return null;
        }
    }
}
