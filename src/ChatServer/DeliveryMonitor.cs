using System.Diagnostics;
using System.Globalization;
using FanoutSim.Model.Rooms;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanoutSim.ChatServer;

/// <summary>
/// Proves delivery end to end: every Chat:ProbeIntervalMs it PUBLISHes a canary through every Redis node the server
/// uses (the single node, each client shard, or each cluster master: a channel hashing to its slots) and waits for it
/// on its own subscription on the shared connection (the one carrying the per-task rooms). No canary within
/// Chat:FreezeThresholdMs from any of them (Redis down, frozen, or the subscription missing) makes /healthz answer
/// 503. Senders are refused only on hard evidence (disconnected, subscriptions missing): a slow round trip may be this
/// process's own CPU saturation, and a PUBLISH to a frozen Redis times out and is counted anyway.
/// </summary>
public sealed class DeliveryMonitor : BackgroundService
{
    private readonly ChatOptions _options;
    private readonly RedisBus _bus;
    private readonly ILogger<DeliveryMonitor> _logger;
    private readonly string _channelName;
    private CanaryProbe[]? _probes;

    public DeliveryMonitor(
        IOptions<ChatOptions> options, RedisBus bus, ILogger<DeliveryMonitor> logger)
    {
        _options = options.Value;
        _bus = bus;
        _logger = logger;
        _channelName = "__fanout_probe_" + _options.InstanceId;
    }

    /// <summary>The slowest node's last canary round trip in milliseconds, or null before the first one.</summary>
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
        _bus.CanaryUnsubscribed = _probes is { } probes && Array.Exists(probes, probe => probe.Unsubscribed);
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

    /// <summary>Null when every node's canary came back in time, otherwise why not (the first node's reason).</summary>
    private async Task<string?> RoundTripAsync()
    {
        if (!_bus.IsConnected)
        {
            return "redis disconnected";
        }

        CanaryProbe[]? probes = _probes ??= CreateProbes();
        if (probes is null)
        {
            return "redis cluster layout not known yet";
        }

        string?[] reasons = await Task.WhenAll(probes.Select(probe => probe.RoundTripAsync())).ConfigureAwait(false);
        string? reason = reasons.FirstOrDefault(r => r is not null);
        if (reason is null)
        {
            LastRoundTripMs = probes.Max(probe => probe.LastRoundTripMs);
        }

        return reason;
    }

    /// <summary>One probe per node; for a cluster one per master (null until the cluster's layout is known).</summary>
    private CanaryProbe[]? CreateProbes()
    {
        var threshold = TimeSpan.FromMilliseconds(_options.FreezeThresholdMs);
        RedisLayout layout = _bus.Layout;
        if (!layout.IsCluster)
        {
            return [.. _bus.Nodes.Select(node => new CanaryProbe(node, layout.Channel(_channelName), threshold))];
        }

        ConnectionMultiplexer cluster = _bus.Nodes[0];
        ClusterConfiguration? configuration = cluster.GetServers()
            .Where(server => server.IsConnected)
            .Select(server => server.ClusterConfiguration)
            .FirstOrDefault(c => c is not null);
        if (configuration is null)
        {
            return null;
        }

        ClusterNode[] masters = [.. configuration.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0)];
        return [.. masters.Select(master =>
            new CanaryProbe(cluster, layout.Channel(ChannelOwnedBy(master)), threshold))];
    }

    /// <summary>A canary channel name whose hash slot <paramref name="master"/> owns.</summary>
    private string ChannelOwnedBy(ClusterNode master)
    {
        for (int k = 0; ; k++)
        {
            string name = _channelName + "_" + k.ToString(CultureInfo.InvariantCulture);
            int slot = HashSlots.SlotOf(name);
            if (master.Slots.Any(range => slot >= range.From && slot <= range.To))
            {
                return name;
            }
        }
    }
}
