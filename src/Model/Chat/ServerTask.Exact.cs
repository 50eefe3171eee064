using FanoutSim.Sim.Resources;

namespace FanoutSim.Model.Chat;

/// <summary>Exact mode: a turn split into one job (and one event) per write, the reference the batched path is tested against.</summary>
internal sealed partial class ServerTask
{
    /// <summary>Exact mode: one job of a per-task fan-out turn; true while the turn goes on.</summary>
    private bool CompleteExactFanOutJob(double finish)
    {
        if (_turnIndex < 0)
        {
            _pendingReads--;
            Arrived++;
        }
        else if (_localFanout.DeliverOne(_turnIndex, finish))
        {
            _context.Counters.Received++;
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        _turnIndex++;
        return --_turnLeft > 0;
    }

    /// <summary>Exact mode: one write of a forwarder's turn, judged by its own finish time.</summary>
    private LaneNext CompleteExactForward(int connection, double finish)
    {
        _connections.NextMessage[connection]++;
        _sumNextMessage++;
        if (finish + _context.ClientOneWay < _connections.CloseCallAt[connection])
        {
            _context.Counters.Received++;
        }
        else
        {
            _context.Counters.ForwardedLate++;
        }
        if (--_turnLeft > 0)
        {
            return LaneNext.Continue;
        }
        if (_connections.NextMessage[connection] < Arrived)
        {
            return LaneNext.Requeue;
        }
        _connections.ForwardQueued[connection] = false;
        _caughtUp.Add(connection);
        return LaneNext.Idle;
    }
}
