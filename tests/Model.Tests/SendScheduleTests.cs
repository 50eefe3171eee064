using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests;

public class SendScheduleTests
{
    [Theory]
    [InlineData(1.0, 10.0, 9, true)]
    [InlineData(0.5, 10.0, 19, true)]
    [InlineData(3.0, 10.0, 3, false)]
    [InlineData(0.1, 10.0, 99, true)]
    [InlineData(20.0, 10.0, 0, false)]
    public void Ticks_before_the_close_and_the_racing_tick_follow_k6_timers(double interval, double session, int before,
        bool races)
    {
        Assert.Equal((before, races), SendSchedule.Ticks(interval, session));
    }

    [Theory]
    [InlineData(10.0, 0.0, 5.0, 5, 5)]   // the whole batch is written before the deadline
    [InlineData(2.5, 0.0, 5.0, 5, 2)]    // writes finish at 1,2,3,4,5: two before 2.5
    [InlineData(3.0, 0.0, 5.0, 5, 2)]    // the write finishing exactly at the deadline is too late
    [InlineData(0.0, 1.0, 5.0, 4, 0)]
    public void A_batch_counts_only_the_writes_that_finish_before_the_client_closes(double deadline, double start,
        double finish, int batch, long expected)
    {
        Assert.Equal(expected, Forwarders.DeliveredBefore(deadline, start, finish, batch));
    }
}
