using FanoutSim.Model.Chat;

namespace FanoutSim.Model.Tests.Chat;

public class ConnectionTableTests
{
    [Fact]
    public void Each_field_of_a_connections_row_reads_back_what_was_written_to_it_and_nothing_else()
    {
        const int Count = 50;
        var table = new ConnectionTable(Count, Count);
        var random = new Random(3);
        int[] task = new int[Count];
        int[] room = new int[Count];
        int[] handshake = new int[Count];
        int[] inbound = new int[Count];
        int[] close = new int[Count];
        double[] closeCall = new double[Count];
        bool[] queued = new bool[Count];
        Array.Fill(closeCall, double.PositiveInfinity);
        for (int step = 0; step < 5_000; step++)
        {
            int c = random.Next(Count);
            int value = random.Next(-1_000, 1_000_000);
            switch (random.Next(7))
            {
                case 0:
                    table.Task[c] = task[c] = value;
                    break;
                case 1:
                    table.Room[c] = room[c] = value;
                    break;
                case 2:
                    table.HandshakeStepsLeft[c] = handshake[c] = value;
                    break;
                case 3:
                    table.PendingInbound[c]++;
                    inbound[c]++;
                    break;
                case 4:
                    table.CloseStepsLeft[c] = close[c] = value;
                    break;
                case 5:
                    table.CloseCallAt[c] = closeCall[c] = value / 7.0;
                    break;
                default:
                    table.ControlQueued[c] = queued[c] = !queued[c];
                    break;
            }
        }
        for (int c = 0; c < Count; c++)
        {
            Assert.Equal(task[c], table.Task[c]);
            Assert.Equal(room[c], table.Room[c]);
            Assert.Equal(handshake[c], table.HandshakeStepsLeft[c]);
            Assert.Equal(inbound[c], table.PendingInbound[c]);
            Assert.Equal(close[c], table.CloseStepsLeft[c]);
            Assert.Equal(closeCall[c], table.CloseCallAt[c]);
            Assert.Equal(queued[c], table.ControlQueued[c]);
        }
        Assert.Equal(Count, table.Task.Length);
    }

    [Fact]
    public void A_connection_nobody_opened_has_no_close_call_yet()
    {
        var table = new ConnectionTable(3, 3);
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(double.PositiveInfinity, table.CloseCallAt[c]));
        Assert.Throws<IndexOutOfRangeException>(() => table.Room[3]);
    }
}
