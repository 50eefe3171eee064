using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Planning;

/// <summary>
/// Largest room size N that keeps the delivery ratio at the target: the fluid bound caps the search
/// for free, then bisection simulates. Every probe keeps its confidence interval so the answer can
/// say how sure it is. The runner is a parameter so the search is testable without simulating.
/// </summary>
public static class CapacitySearch
{
    public static CapacityResult Find(Scenario scenario, TargetRule target, Func<Scenario, RunReport> run,
        int minUsers = 2, int maxUsers = 20_000)
    {
        if (minUsers < 1 || maxUsers < minUsers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxUsers), $"need 1 <= min users <= max users, got {minUsers}..{maxUsers}");
        }
        Scenario At(int users) => scenario with { Workload = scenario.Workload with { Users = users } };
        (int boundUsers, ResourceId boundBottleneck) = BoundUsers(At, target, minUsers, maxUsers);
        var probes = new Dictionary<int, CapacityProbe>();
        CapacityProbe Probe(int users)
        {
            if (!probes.TryGetValue(users, out CapacityProbe? probe))
            {
                Scenario s = At(users);
                RunReport report = run(s);
                probe = new CapacityProbe(users, report.Metrics.DeliveryRatio,
                    report.Confidence?.DeliveryRatioHalfWidth ?? 0, target.Threshold(s), report.Bottleneck,
                    FluidBound.Of(s).MaxRatio);
                probes[users] = probe;
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
            : probes.Values.Where(p => !p.Meets).OrderBy(p => p.Users).FirstOrDefault();
        var ordered = probes.Values.OrderBy(p => p.Users).ToList();
        int? surelyMeets = ordered
            .Where(p => p.Ratio - p.HalfWidth >= p.Threshold)
            .Select(p => (int?)p.Users)
            .LastOrDefault();
        int? surelyFails = ordered
            .Where(p => p.Ratio + p.HalfWidth < p.Threshold)
            .Select(p => (int?)p.Users)
            .FirstOrDefault();
        ResourceId limiting = firstFailing?.Bottleneck ?? atMax?.Bottleneck ?? boundBottleneck;
        return new CapacityResult(best, boundUsers, boundBottleneck, atMax, firstFailing, hitLimit, surelyMeets,
            surelyFails, limiting, ordered);
    }

    /// <summary>
    /// Largest N in range whose fluid bound still meets the target (doubling, then bisection; microseconds per step).
    /// </summary>
    private static (int Users, ResourceId Bottleneck) BoundUsers(
        Func<int, Scenario> at, TargetRule target, int minUsers, int maxUsers)
    {
        bool Ok(int users)
        {
            Scenario s = at(users);
            return FluidBound.Of(s).MaxRatio >= target.Threshold(s);
        }
        ResourceId BottleneckAt(int users) => FluidBound.Of(at(Math.Min(maxUsers, users))).Bottleneck;
        if (!Ok(minUsers))
        {
            return (minUsers, BottleneckAt(minUsers));
        }
        int lo = minUsers;
        int hi = minUsers;
        while (hi < maxUsers && Ok(hi))
        {
            lo = hi;
            hi = (int)Math.Min(maxUsers, 2L * hi);
        }
        if (Ok(hi))
        {
            return (hi, BottleneckAt(hi));
        }
        while (hi - lo > 1)
        {
            int mid = lo + (hi - lo) / 2;
            if (Ok(mid))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return (lo, BottleneckAt(hi));
    }
}
