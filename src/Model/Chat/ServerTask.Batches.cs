namespace FanoutSim.Model.Chat;

/// <summary>Batched path: a whole forwarder turn or per-task fan-out as one job, each write judged by its own finish time.</summary>
internal sealed partial class ServerTask
{
    /// <summary>
    /// Jitter for a batch of <paramref name="jobs"/> jobs drawn as one: the factor's spread shrinks
    /// with the square root of the batch, so the batch total has the mean and variance of the jobs'
    /// individually jittered sum (which exact mode draws).
    /// </summary>
    private double BatchJitter(double work, int jobs) =>
        _profile.CpuJitter > 0 && jobs > 0
            ? work * (1 + _profile.CpuJitter * (2 * _jitter.NextDouble() - 1) / Math.Sqrt(jobs))
            : work;

    private bool CompleteForward(int connection, double start, double finish)
    {
        int batch = _currentBatch;
        _connections.NextMessage[connection] += batch;
        _sumNextMessage += batch;
        long received = DeliveredBefore(_connections.CloseCallAt[connection] - _context.ClientOneWay, start, finish, batch);
        _context.Counters.Received += received;
        _context.Counters.ForwardedLate += batch - received;
        if (_connections.NextMessage[connection] < Arrived)
        {
            return true;
        }
        _connections.ForwardQueued[connection] = false;
        _caughtUp.Add(connection);
        return false;
    }

    private void FanOut(double start, double finish)
    {
        double work = _profile.SubscriberReadCpuSeconds + _currentBatch * _writeCpu;
        double scale = work > 0 ? (finish - start) / work : 0;
        double first = start + scale * (_profile.SubscriberReadCpuSeconds + _writeCpu);
        (long received, long late) = _localFanout.Deliver(first, scale * _writeCpu);
        _context.Counters.Received += received;
        _context.Counters.ForwardedLate += late;
    }

    /// <summary>Writes j = 1..batch of a batch finish at start + j * (finish - start) / batch; counts those before the deadline.</summary>
    internal static long DeliveredBefore(double deadline, double start, double finish, int batch)
    {
        if (finish < deadline)
        {
            return batch;
        }
        double unit = (finish - start) / batch;
        if (unit <= 0)
        {
            return 0;
        }
        double ratio = (deadline - start) / unit;
        return ratio <= 0 ? 0 : Math.Min(batch, (long)Math.Ceiling(ratio) - 1);
    }
}
