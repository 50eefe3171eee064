using System.Diagnostics;
using System.Text.Json;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen.Tests;

/// <summary>The messages a user sends, padded to its class's message size (published bytes, as the model counts).
/// </summary>
public class MessagePayloadTests
{
    private static int[] Lengths(MessageSize? size, int messages, ulong seed = 1, int user = 12)
    {
        var payload = new MessagePayload(user, size, MessagePayload.Stream(seed, user));
        return Enumerable.Range(0, messages).Select(_ => payload.Next().Length).ToArray();
    }

    private static readonly int s_unpadded = LatencyStamp.Template(12).Length;

    [Fact]
    public void Without_a_size_every_message_is_the_unpadded_one_it_always_was()
    {
        var payload = new MessagePayload(12, null, null);
        Assert.Equal(LatencyStamp.Template(12), payload.Next().ToArray());
        Assert.Equal(LatencyStamp.Template(12), payload.Next().ToArray());
    }

    [Fact]
    public void A_fixed_size_pads_the_text_by_its_difference_from_the_unpadded_200_bytes()
    {
        Assert.All(Lengths(new MessageSize(1000), 3), n => Assert.Equal(s_unpadded + 800, n));
        Assert.All(Lengths(new MessageSize(200), 3), n => Assert.Equal(s_unpadded, n));
    }

    [Fact]
    public void A_padded_message_is_json_whose_sender_and_stamp_the_receiver_reads()
    {
        var payload = new MessagePayload(12, new MessageSize(0, new UniformRoomSizes(300, 900)),
            MessagePayload.Stream(1, 12));
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 50; i++)
        {
            ReadOnlyMemory<byte> message = payload.Next();
            LatencyStamp.Write(payload.Buffer, start, start);
            using var doc = JsonDocument.Parse(message);
            Assert.Equal(12, doc.RootElement.GetProperty("user").GetInt32());
            string text = doc.RootElement.GetProperty("text").GetString()!;
            Assert.Equal(message.Length - s_unpadded + LatencyStamp.Length, text.Length);
            Assert.Equal(12, MessageSender.Of(message.Span));
            Assert.Equal(0, LatencyStamp.Age(message.Span, start, start)!.Value, 1e-4);
        }
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("lognormal")]
    public void Drawn_sizes_follow_the_law_within_its_bounds(string law)
    {
        RoomSizeDistribution distribution = law == "uniform"
            ? new UniformRoomSizes(400, 1600)
            : new LogNormalRoomSizes(500, 0.6, 250, 4000);
        int[] published = Lengths(new MessageSize(0, distribution), 20_000)
            .Select(n => n - s_unpadded + MessagePayload.UnpaddedBytes).ToArray();
        Assert.All(published, b => Assert.InRange(b, distribution.Min, distribution.Max));
        // The law's mean (what the model charges on average), within 4 standard errors of 20,000 draws.
        double mean = published.Average();
        double sd = Math.Sqrt(published.Average(b => (b - mean) * (b - mean)));
        Assert.InRange(mean, distribution.Mean() - 4 * sd / Math.Sqrt(20_000),
            distribution.Mean() + 4 * sd / Math.Sqrt(20_000));
        // Spread over the law, not one size: its median too.
        double median = published.Order().ElementAt(10_000);
        Assert.InRange(median, distribution.Sizes(1)[0] * 0.95, distribution.Sizes(1)[0] * 1.05);
    }

    [Fact]
    public void A_seed_and_a_user_fix_the_sizes_and_another_user_draws_others()
    {
        var size = new MessageSize(0, new UniformRoomSizes(200, 4000));
        Assert.Equal(Lengths(size, 100, seed: 3, user: 5), Lengths(size, 100, seed: 3, user: 5));
        Assert.NotEqual(Lengths(size, 100, seed: 3, user: 5), Lengths(size, 100, seed: 3, user: 6));
    }

    [Fact]
    public void Sizes_below_the_unpadded_message_or_over_the_servers_limit_cannot_be_sent()
    {
        Assert.StartsWith("at least 200 bytes for a real run (got 150)",
            MessagePayload.Problem(new MessageSize(150), 10));
        Assert.StartsWith("at least 200 bytes for a real run (got 100)",
            MessagePayload.Problem(new MessageSize(0, new UniformRoomSizes(100, 900)), 10));
        // A content of 4,096 bytes is the server's most: 200 + 4,096 - the unpadded content of user 9.
        int most = 200 + MessagePayload.ServerContentLimit - LatencyStamp.Template(9).Length;
        Assert.Null(MessagePayload.Problem(new MessageSize(most), 10));
        Assert.StartsWith($"at most {most} bytes for a real run (got {most + 1})",
            MessagePayload.Problem(new MessageSize(most + 1), 10));
        Assert.Null(MessagePayload.Problem(new MessageSize(200), 10));
    }
}
