using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// Proves delivery end to end: every Chat:ProbeIntervalMs it PUBLISHes a canary on the shared connection and waits
/// for it on its own subscription there (the one carrying the per-task rooms). No canary within
/// Chat:FreezeThresholdMs (Redis down, frozen, or the subscription missing) makes /healthz answer 503. Senders are
/// refused only on hard evidence (disconnected, subscriptions missing): a slow round trip may be this process's
/// own CPU saturation, and a PUBLISH to a frozen Redis times out and is counted anyway.
/// </summary>
public sealed class DeliveryMonitor : BackgroundService
{
    private readonly ChatOptions _options;
    private readonly RedisBus _bus;
    private readonly ILogger<DeliveryMonitor> _logger;
    private readonly RedisChannel _channel;
    private TaskCompletionSource<bool>? _pending;
    private long _sequence;
    private long _expected;
    private bool _subscribed;
    private bool _canaryUnsubscribed;

    public DeliveryMonitor(
        IOptions<ChatOptions> options, RedisBus bus, ILogger<DeliveryMonitor> logger)
    {
        _options = options.Value;
        _bus = bus;
        _logger = logger;
        _channel = RedisChannel.Literal("__fanout_probe_" + _options.InstanceId);
    }

    /// <summary>The last canary round trip in milliseconds, or null before the first one.</summary>
    public double? LastRoundTripMs { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Probe before the server accepts traffic, so a healthy server is healthy from its first request. The
        // subscription socket may come up a moment after the interactive one: retry briefly.
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while (_bus.IsConnected && Stopwatch.GetTimestamp() < deadline)
        {
            await ProbeOnceAsync(logChanges: false).ConfigureAwait(false);
            if (_bus.DeliveryBlockedReason is null)
            {
                break;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.ProbeIntervalMs));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ProbeOnceAsync(logChanges: true).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ProbeOnceAsync(bool logChanges)
    {
        int missing = _bus.MissingSubscriptions;
        string? reason = await RoundTripAsync().ConfigureAwait(false)
            ?? (missing > 0 ? $"{missing} connection subscriptions are not re-established" : null);
        string? previous = _bus.DeliveryBlockedReason;
        _bus.DeliveryBlockedReason = reason;
        _bus.CanaryUnsubscribed = _canaryUnsubscribed;
        if (!logChanges)
        {
            return;
        }

        if (reason is not null && reason != previous)
        {
            _logger.LogWarning("Delivery blocked: {Reason}", reason);
        }
        else if (reason is null && previous is not null)
        {
            _logger.LogWarning("Delivery restored (canary round trip {RoundTripMs:0.0} ms)", LastRoundTripMs);
        }
    }

    /// <summary>Null when the canary came back in time, otherwise why not.</summary>
    private async Task<string?> RoundTripAsync()
    {
        if (!_bus.IsConnected)
        {
            return "redis disconnected";
        }

        ISubscriber subscriber = _bus.Shared.GetSubscriber();
        try
        {
            if (!_subscribed)
            {
                await subscriber.SubscribeAsync(_channel, OnCanary).WaitAsync(Threshold).ConfigureAwait(false);
                _subscribed = true;
            }

            long sequence = Interlocked.Increment(ref _sequence);
            var pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, pending);
            Volatile.Write(ref _expected, sequence);
            long started = Stopwatch.GetTimestamp();
            byte[] payload = Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture));
            long receivers = await subscriber.PublishAsync(_channel, payload)
                .WaitAsync(Threshold)
                .ConfigureAwait(false);
            if (receivers == 0)
            {
                // Our own subscription is gone (e.g. lost while reconnecting): register it again next time.
                await subscriber.UnsubscribeAsync(_channel, OnCanary).ConfigureAwait(false);
                _subscribed = false;
                _canaryUnsubscribed = true;
                return "subscriptions missing on the shared connection";
            }

            TimeSpan remaining = Threshold - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await pending.Task.WaitAsync(remaining).ConfigureAwait(false))
            {
                return $"redis frozen: no canary round trip within {_options.FreezeThresholdMs} ms";
            }

            _canaryUnsubscribed = false;
            LastRoundTripMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return null;
        }
        catch (TimeoutException)
        {
            return $"redis frozen: no canary round trip within {_options.FreezeThresholdMs} ms";
        }
        catch (RedisException ex)
        {
            return "redis unavailable: " + ex.Message;
        }
    }

    private TimeSpan Threshold => TimeSpan.FromMilliseconds(_options.FreezeThresholdMs);

    private void OnCanary(RedisChannel channel, RedisValue value)
    {
        if (long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            && sequence == Volatile.Read(ref _expected))
        {
            Volatile.Read(ref _pending)?.TrySetResult(true);
        }
    }
}
