using System.Diagnostics;

namespace FanoutSim.LoadGen.Tests;

public class LatencyStampTests
{
    [Fact]
    public void A_stamped_message_keeps_its_size_and_tells_its_age_to_ten_microseconds()
    {
        byte[] message = LatencyStamp.Template(42);
        int size = message.Length;
        long start = Stopwatch.GetTimestamp();
        long sent = start + Stopwatch.Frequency * 3;

        LatencyStamp.Write(message, start, sent);
        double? age = LatencyStamp.Age(message, start, sent + Stopwatch.Frequency / 4);

        Assert.Equal(size, message.Length);
        Assert.NotNull(age);
        Assert.InRange(age.Value, 0.25 - 10e-6, 0.25 + 10e-6);
        Assert.StartsWith("{\"user\":42,\"text\":\"", System.Text.Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void A_message_without_a_stamp_has_no_age()
    {
        Assert.Null(LatencyStamp.Age("{\"user\":1,\"text\":\"hi!\"}"u8, 0, 100));
        Assert.Null(LatencyStamp.Age("nothing"u8, 0, 100));
    }
}
