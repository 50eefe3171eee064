using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

/// <summary>A held-back subscriber's pending copies as TCP cuts them: one byte stream in segments of up to the MSS.
/// </summary>
public class CopySegmentsTests
{
    // Copies of 100 bytes, 50 bytes of headers a packet, segments of up to 1,000 bytes.
    private static readonly CopySegments s_segments = new(100, 50, 1000);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(25, 3)]
    public void Pending_copies_take_the_ceiling_of_their_bytes_over_the_mss_in_segments(int copies, int segments) =>
        Assert.Equal(segments, s_segments.Segments(copies));

    [Fact]
    public void Each_segment_carries_one_set_of_headers_and_the_last_one_what_is_left()
    {
        Assert.Equal(1050, s_segments.HeadBytes(25));
        Assert.Equal(250, s_segments.HeadBytes(2));
        Assert.Equal(1050, s_segments.FullBytes);
        Assert.Equal(550, s_segments.LastBytes(25));
        Assert.Equal(1050, s_segments.LastBytes(20));
    }

    [Fact]
    public void A_copy_that_straddles_two_segments_arrives_with_the_second()
    {
        var large = new CopySegments(300, 50, 1000);

        // Bytes 0-999: copies 0-2 whole, copy 3 only in part.
        Assert.Equal(3, large.CopiesIn(1, 10));
        Assert.Equal(6, large.CopiesIn(2, 10));
        Assert.Equal(10, large.CopiesIn(large.Segments(10), 10));
    }
}
