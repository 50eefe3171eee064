using System.Diagnostics;
using System.Net.Sockets;
using FanoutSim.Model.Chat;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.LoadGen;

/// <summary>Runs a <see cref="LoadPlan"/>: all virtual users, bounded by the plan's hard max duration.</summary>
public static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        LoadPlan plan, ProbeTargets probes, CancellationToken cancel = default)
    {
        Workload workload = plan.Workload;
        RoomLayout? rooms = workload.Rooms is null ? null : new RoomLayout(workload.Rooms);
        var urls = new UrlBalancer(plan.Urls, plan.Balancer, rooms);
        // One handler for every dial: upgraded connections leave its pool, so sharing only saves setup garbage.
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = plan.ConnectTimeout,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        if (plan.ReadPace > TimeSpan.Zero)
        {
            handler.ConnectCallback = (context, ct) => ConnectPacedAsync(context, plan.ReadPace, ct);
        }
        using var invoker = new HttpMessageInvoker(handler);
        var jitter = new Random(unchecked((int)plan.Seed ^ (int)(plan.Seed >> 32)));
        var timeline = new LoadTimeline();
        // With churn, lengths, gaps and first dials as the model plans them from the run's seed.
        ChurnSchedule? churn = workload.HasChurn
            ? new ChurnSchedule(workload, rooms ?? new RoomLayout(workload), plan.Seed)
            : null;
        var users = new VirtualUser[plan.Users];
        long runStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < users.Length; i++)
        {
            UserRoom[] seats = Seats(plan, workload, rooms, i);
            string? joins = seats.Length == 1 ? null : RoomUrl.Joins(plan.Urls[0], seats.Skip(1).Select(s => s.Room));
            users[i] = new VirtualUser(i, plan, urls, rooms, invoker, seats, joins, timeline, runStart, churn);
        }

        (double Seconds, double SystemSeconds)?[] serverBefore = [.. probes.ServerPids.Select(ProcessCpu.OtherTimes)];
        long[]?[] placementBefore = probes.ServerCpuacct.Select(CpuPlacement.Read).ToArray();
        RedisInfoProbe.Counters? redisBefore = probes.Redis is null ? null
            : await RedisInfoProbe.ReadAsync(probes.Redis, TimeSpan.FromSeconds(2)).ConfigureAwait(false);

        IReadOnlyList<Uri> metricsUrls = ServerDropProbe.MetricsUrls(plan.Urls);
        long? droppedBefore = await ServerDropProbe.ReadTotalAsync(metricsUrls, TimeSpan.FromSeconds(2))
            .ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stop.CancelAfter(plan.MaxDuration);
        double cpuBefore = ProcessCpu.OwnSeconds();
        long started = Stopwatch.GetTimestamp();

        using var samplingDone = new CancellationTokenSource();
        IReadOnlyList<int> ownPids = OwnPids(probes);
        Task<IReadOnlyList<LoadSample>> sampling = timeline.SampleAsync(
            started, TimeSpan.FromSeconds(1), probes.ServerPids, ownPids, samplingDone.Token,
            probes.ServerCpuacct, probes.ServerCgroups);
        var running = new Task[users.Length];
        for (int i = 0; i < users.Length; i++)
        {
            running[i] = users[i].RunAsync(
                K6Schedule.StartOffset(i, users.Length, plan.Ramp, jitter), started, stop.Token);
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        await samplingDone.CancelAsync().ConfigureAwait(false);
        IReadOnlyList<LoadSample> samples = await sampling.ConfigureAwait(false);

        double wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        double cpu = ProcessCpu.OwnSeconds() - cpuBefore;
        bool hitMax = stop.IsCancellationRequested && !cancel.IsCancellationRequested;

        var serverCpu = new List<ServerCpu>();
        for (int i = 0; i < probes.ServerPids.Count; i++)
        {
            // Both from one reading at each end, so the kernel's part is a share of the same window.
            serverCpu.Add(ProcessCpu.OtherTimes(probes.ServerPids[i]) is { } after && serverBefore[i] is { } before
                ? new ServerCpu(probes.ServerPids[i], after.Seconds - before.Seconds)
                {
                    SystemSeconds = after.SystemSeconds - before.SystemSeconds,
                }
                : new ServerCpu(probes.ServerPids[i], null));
        }
        IReadOnlyList<double>? placement = probes.ServerCpuacct.Count == 0 ? null
            : CpuPlacement.SecondsBetween(placementBefore, probes.ServerCpuacct.Select(CpuPlacement.Read).ToList())
                ?? [];
        RedisInfoProbe.Counters? redisDelta = null;
        if (probes.Redis is not null && redisBefore is not null)
        {
            RedisInfoProbe.Counters? after = await RedisInfoProbe.ReadAsync(probes.Redis, TimeSpan.FromSeconds(2))
                .ConfigureAwait(false);
            if (after is not null)
            {
                redisDelta = new RedisInfoProbe.Counters(
                    after.OutputBytes - redisBefore.OutputBytes, after.InputBytes - redisBefore.InputBytes);
            }
        }

        long? droppedAfter = await ServerDropProbe.ReadTotalAsync(metricsUrls, TimeSpan.FromSeconds(2))
            .ConfigureAwait(false);
        long? serverDropped = droppedBefore is { } b && droppedAfter is { } a ? a - b : null;

        var durations = new List<double>();
        var latencies = new List<float>();
        long sent = 0, received = 0, sessions = 0, failures = 0, cut = 0, abandoned = 0, foreign = 0;
        foreach (VirtualUser u in users)
        {
            UserTally t = u.Tally;
            sent += t.SentInAll;
            received += t.ReceivedInAll;
            sessions += t.Sessions;
            failures += t.ConnectFailures;
            cut += t.SessionsCutShort;
            abandoned += t.ClosesAbandoned;
            foreign += t.Foreign;
            durations.AddRange(t.SessionSeconds);
            latencies.AddRange(t.AllLatencies);
        }
        return new LoadResult(sent, received, sessions, failures, cut, abandoned, durations, wall, cpu,
            Environment.ProcessorCount, hitMax, serverCpu, redisDelta, serverDropped)
        {
            Timeline = samples,
            Started = started,
            OwnPids = ownPids,
            OwnNames = ownPids.Select(p => probes.HelperPids.Contains(p) ? ProcessCpuReport.SamplerName
                : ProcessCpuReport.CommandName(p)).ToList(),
            ServerCgroups = probes.ServerCgroups,
            ServerQuotaCores = probes.ServerCgroups.Select(CgroupCpuStat.QuotaCores).ToList(),
            Latencies = latencies,
            ConnectSeconds = [.. users.SelectMany(u => u.Tally.ConnectSeconds)],
            FailedConnectSeconds = [.. users.SelectMany(u => u.Tally.FailedConnectSeconds)],
            CloseSeconds = [.. users.SelectMany(u => u.Tally.CloseSeconds)],
            RoomClasses = rooms is null
                ? null
                : RoomClassTally.Of(rooms, users.Select(u => u.Tally).ToList(), present: churn is not null),
            Foreign = foreign,
            ServerSecondsPerCpu = placement,
            ExpectedPresent = churn is null ? null : users.Sum(u => u.Tally.OwedInAll),
            Churn = churn is null ? null : ChurnCount.Of(users.Select(u => u.Tally).ToList(), wall),
        };
    }

    /// <summary>
    /// The rooms user <paramref name="user"/> is in as the model places it (<see cref="RoomLayout.RoomsOf"/>: its
    /// first, then its seats in shared rooms), each sending as its class says over the plan's timing, as the model
    /// resolves it. The first room draws from the user's own streams, each further one from its seat's.
    /// </summary>
    internal static UserRoom[] Seats(LoadPlan plan, Workload workload, RoomLayout? rooms, int user)
    {
        int[] mine = rooms is null ? [0] : [.. rooms.RoomsOf(user)];
        var seats = new UserRoom[mine.Length];
        for (int k = 0; k < mine.Length; k++)
        {
            RoomClass roomClass = workload.RoomClasses[rooms is null ? 0 : rooms.ClassOf(mine[k])];
            int seat = rooms is null ? 0 : rooms.ExtraStart(user) + k - 1;
            byte[]? line = mine.Length == 1 ? null : RoomUrl.Line(plan.Urls[0], mine[k]);
            var clock = new SendClock(workload.TimingOf(roomClass),
                k == 0 ? SendClock.Stream(plan.Seed, user) : SendClock.SeatStream(plan.Seed, seat));
            var payload = new MessagePayload(user, roomClass.MessageSize,
                k == 0 ? MessagePayload.Stream(plan.Seed, user) : MessagePayload.SeatStream(plan.Seed, seat), line);
            seats[k] = new UserRoom(mine[k], clock, payload) { Line = line ?? [] };
        }
        return seats;
    }

    /// <summary>
    /// The given own pids, plus the run's Redis when it was named but its pid was not given, and the load generator's
    /// helper processes (its speed sampler).
    /// </summary>
    private static IReadOnlyList<int> OwnPids(ProbeTargets probes)
    {
        var own = probes.OwnPids.Concat(probes.HelperPids).Except(probes.ServerPids).ToList();
        if (probes.Redis is not null && probes.OwnPids.Count == 0 && OwnProcesses.SoleRedisServer() is { } redis
            && !probes.ServerPids.Contains(redis))
        {
            own.Add(redis);
        }
        return own;
    }

    private static async ValueTask<Stream> ConnectPacedAsync(
        SocketsHttpConnectionContext context, TimeSpan pace, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
        {
            // Each send is one small chat message that should leave now, as a browser's would.
            NoDelay = true,
        };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
            return new PacedReadStream(new NetworkStream(socket, ownsSocket: true), pace);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
