using System.Diagnostics;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// One delivery canary: PUBLISHes a sequence number on <see cref="Channel"/> through a shared connection and waits for
/// it on its own subscription there. The DeliveryMonitor keeps one per Redis node (client shard or cluster master).
/// </summary>
public sealed class CanaryProbe
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly TimeSpan _threshold;
    private TaskCompletionSource<bool>? _pending;
    private long _sequence;
    private long _expected;
    private bool _subscribed;

    public CanaryProbe(ConnectionMultiplexer multiplexer, RedisChannel channel, TimeSpan threshold)
    {
        _multiplexer = multiplexer;
        Channel = channel;
        _threshold = threshold;
    }

    public RedisChannel Channel { get; }

    /// <summary>Set while the last canary PUBLISH reached no one: this connection's subscriptions are gone.</summary>
    public bool Unsubscribed { get; private set; }

    /// <summary>The last round trip in milliseconds, or null before the first one.</summary>
    public double? LastRoundTripMs { get; private set; }

    /// <summary>Null when the canary came back in time, otherwise why not.</summary>
    public async Task<string?> RoundTripAsync()
    {
        if (!_multiplexer.IsConnected)
        {
            return "redis disconnected";
        }

        ISubscriber subscriber = _multiplexer.GetSubscriber();
        try
        {
            if (!_subscribed)
            {
                await subscriber.SubscribeAsync(Channel, OnCanary).WaitAsync(_threshold).ConfigureAwait(false);
                _subscribed = true;
            }

            long sequence = Interlocked.Increment(ref _sequence);
            var pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, pending);
            Volatile.Write(ref _expected, sequence);
            long started = Stopwatch.GetTimestamp();
            byte[] payload = Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture));
            long receivers = await subscriber.PublishAsync(Channel, payload)
                .WaitAsync(_threshold)
                .ConfigureAwait(false);
            if (receivers == 0)
            {
                // Our own subscription is gone (e.g. lost while reconnecting): register it again next time.
                await subscriber.UnsubscribeAsync(Channel, OnCanary).ConfigureAwait(false);
                _subscribed = false;
                Unsubscribed = true;
                return "subscriptions missing on the shared connection";
            }

            TimeSpan remaining = _threshold - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await pending.Task.WaitAsync(remaining).ConfigureAwait(false))
            {
                return Frozen;
            }

            Unsubscribed = false;
            LastRoundTripMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return null;
        }
        catch (TimeoutException)
        {
            return Frozen;
        }
        catch (RedisException ex)
        {
            return "redis unavailable: " + ex.Message;
        }
    }

    private string Frozen => $"redis frozen: no canary round trip within {_threshold.TotalMilliseconds:0} ms";

    private void OnCanary(RedisChannel channel, RedisValue value)
    {
        if (long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            && sequence == Volatile.Read(ref _expected))
        {
            Volatile.Read(ref _pending)?.TrySetResult(true);
        }
    }
}
