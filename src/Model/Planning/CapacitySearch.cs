using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// Largest point of an axis (a room size N, or a service's scale) that keeps the delivery ratio at the target: the
/// fluid bound caps the search for free (no point above it can pass), then simulation walks down from it on a coarse
/// geometric grid to the largest passing grid point and bisects between it and the failing point above. The ratio is
/// not monotone in N (aligned sessions in small rooms lose the tick that races the close), so the answer is an edge:
/// the point meets the target and the next one misses it, or it is the bound or the search limit. Every probe keeps
/// its confidence interval so the answer can say how sure it is. The runner is a parameter so the search is testable.
/// </summary>
public static class CapacitySearch
{
    /// <summary>Largest room size N in [<paramref name="minUsers"/>, <paramref name="maxUsers"/>].</summary>
    public static CapacityResult Find(Scenario scenario, TargetRule target, Func<Scenario, RunReport> run,
        int minUsers = 2, int maxUsers = 20_000)
    {
        if (minUsers < 1 || maxUsers < minUsers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxUsers), $"need 1 <= min users <= max users, got {minUsers}..{maxUsers}");
        }
        return Find(new UsersAxis(scenario, minUsers, maxUsers), target, run);
    }

    /// <summary>
    /// Largest point of <paramref name="axis"/>; the result's N (<see cref="CapacityResult.MaxUsers"/> and the
    /// bound's, the sure ranges) are points, and each probe says its scenario's users.
    /// </summary>
    public static CapacityResult Find(ICapacityAxis axis, TargetRule target, Func<Scenario, RunReport> run)
    {
        // Named for one room's N, the axis every search had before rooms; here they are points.
        int minUsers = axis.Min, maxUsers = axis.Max;
        if (minUsers < 1 || maxUsers < minUsers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(axis), $"need 1 <= min point <= max point, got {minUsers}..{maxUsers}");
        }
        (int boundUsers, ResourceId boundBottleneck) = BoundUsers(axis.At, target, minUsers, maxUsers);
        var probes = new Dictionary<int, CapacityProbe>();
        CapacityProbe Probe(int point)
        {
            if (!probes.TryGetValue(point, out CapacityProbe? probe))
            {
                Scenario s = axis.At(point);
                RunReport report = run(s);
                probe = axis.Annotate(point, report, new CapacityProbe(s.Workload.Users, report.Metrics.DeliveryRatio,
                    report.Confidence?.DeliveryRatioHalfWidth ?? 0, target.Threshold(s), report.Bottleneck,
                    FluidBound.Of(s).MaxRatio)
                {
                    P99 = report.DeliveryLatency?.P99,
                    P99Target = target.P99Seconds,
                });
                probes[point] = probe;
            }
            return probe;
        }

        // Search down from the bound: the ratio is not monotone at small N (aligned sessions lose the
        // final tick, drifting ones do not), so the largest N is found from above, not from minUsers.
        int? best = null;
        bool hitLimit = false;
        int top = Math.Max(minUsers, boundUsers);
        if (Probe(top).Meets)
        {
            best = top;
            hitLimit = top == maxUsers;
        }
        else
        {
            int hi = top;
            int? lo = null;
            for (int n = top; n > minUsers && lo is null;)
            {
                n = Math.Max(minUsers, (int)Math.Floor(n / 1.5));
                if (Probe(n).Meets)
                {
                    lo = n;
                }
                else
                {
                    hi = n;
                }
            }
            if (lo is int low)
            {
                while (hi - low > 1)
                {
                    int mid = low + (hi - low) / 2;
                    if (Probe(mid).Meets)
                    {
                        low = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }
                best = low;
            }
        }
        CapacityProbe? atMax = best is int b ? probes[b] : null;
        CapacityProbe? firstFailing = best is int m && m < maxUsers
            ? Probe(m + 1)
            : probes.Where(p => !p.Value.Meets).OrderBy(p => p.Key).Select(p => p.Value).FirstOrDefault();
        // In point order: on one room's axis a point is N itself, so these read as they always have.
        var ordered = probes.OrderBy(p => p.Key).ToList();
        int? surelyMeets = ordered
            .Where(p => p.Value.Ratio - p.Value.HalfWidth >= p.Value.Threshold)
            .Select(p => (int?)p.Key)
            .LastOrDefault();
        int? surelyFails = ordered
            .Where(p => p.Value.Ratio + p.Value.HalfWidth < p.Value.Threshold)
            .Select(p => (int?)p.Key)
            .FirstOrDefault();
        ResourceId limiting = firstFailing?.Bottleneck ?? atMax?.Bottleneck ?? boundBottleneck;
        return new CapacityResult(best, boundUsers, boundBottleneck, atMax, firstFailing, hitLimit, surelyMeets,
            surelyFails, limiting, ordered.Select(p => p.Value).ToList());
    }

    /// <summary>
    /// Largest N in range whose fluid bound still meets the target. Every N is checked (microseconds each): the bound
    /// is not monotone in N (the close race costs small rooms more, a stretched session lowers the send rate), so a
    /// bisection could stop below an N the bound allows.
    /// </summary>
    private static (int Users, ResourceId Bottleneck) BoundUsers(
        Func<int, Scenario> at, TargetRule target, int minUsers, int maxUsers)
    {
        bool Ok(int users)
        {
            Scenario s = at(users);
            return FluidBound.Of(s).MaxRatio >= target.Threshold(s);
        }
        ResourceId BottleneckAt(int users) => FluidBound.Of(at(users)).Bottleneck;
        for (int users = maxUsers; users >= minUsers; users--)
        {
            if (Ok(users))
            {
                return (users, BottleneckAt(Math.Min(maxUsers, users + 1)));
            }
        }
        return (minUsers, BottleneckAt(minUsers));
    }
}
