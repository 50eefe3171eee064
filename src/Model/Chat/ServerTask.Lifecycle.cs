namespace FanoutSim.Model.Chat;

/// <summary>A connection's life on a task: joining the fan-out after the handshake, leaving it at close.</summary>
internal sealed partial class ServerTask
{
    /// <summary>With <see cref="CostProfile.CloseStopsForwardingAtOnce"/>, a close frame that has reached the task stops the forwarder at once.</summary>
    public void CancelForwardingOnClose(int connection)
    {
        if (_profile.CloseStopsForwardingAtOnce)
        {
            StopForwarding(connection);
        }
    }

    /// <summary>The connection's subscription takes effect: it forwards messages from <paramref name="firstMessage"/> on.</summary>
    public void StartForwarding(int connection, int firstMessage, double now)
    {
        if (_connections.Closing[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = true;
        _forwardingCount++;
        if (!_forwarders)
        {
            _localFanout.Add(connection, _connections.CloseCallAt[connection] - _context.ClientOneWay);
            return;
        }
        _connections.NextMessage[connection] = firstMessage;
        _sumNextMessage += firstMessage;
        if (Arrived > firstMessage)
        {
            EnqueueForward(connection, now);
        }
        else
        {
            _caughtUp.Add(connection);
        }
    }

    private void HandshakeDone(int connection, double finish)
    {
        double openAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.SubscribeConfirmTimeoutSeconds > 0)
        {
            // The upgrade waits for Redis' SUBSCRIBE confirmation, which leaves behind the copies already queued on the egress link.
            double confirmed = Math.Max(finish + _context.RedisOneWay, _context.Redis.Egress.FreeAt) + _context.RedisOneWay;
            openAt += Math.Min(confirmed - finish, _profile.SubscribeConfirmTimeoutSeconds);
        }
        _connections.CloseCallAt[connection] = openAt + _sessionSeconds;
        _context.Schedule(openAt, ChatEvent.ClientOpen(connection));
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEvent.Subscribe(connection));
        }
        else
        {
            // Joining the task's local fan-out needs no round trip: it holds from the handshake's end
            // (this CPU runs nothing else until then, so taking effect now is the same), for every copy read after it.
            StartForwarding(connection, Arrived, finish);
        }
    }

    private void CloseDone(int connection, double finish)
    {
        _context.OpenConnections[Index]--;
        double endAt = finish + _context.ClientOneWay;
        if (_context.PerConnection && _profile.UnsubscribeWaitSeconds > 0)
        {
            // Tearing down the connection's subscription waits until Redis' egress link has sent what was queued before it.
            double drained = Math.Max(finish, _context.Redis.Egress.FreeAt) + _context.RedisOneWay;
            endAt += Math.Min(drained - finish, _profile.UnsubscribeWaitSeconds);
        }
        _context.Schedule(endAt, ChatEvent.SessionEnd(connection));
        if (_context.PerConnection)
        {
            _context.Schedule(finish + _context.RedisOneWay, ChatEvent.Unsubscribe(connection));
        }
    }

    private void StopForwarding(int connection)
    {
        if (!_connections.Forwarding[connection])
        {
            return;
        }
        _connections.Forwarding[connection] = false;
        _forwardingCount--;
        if (_forwarders)
        {
            _sumNextMessage -= _connections.NextMessage[connection];
        }
    }
}
