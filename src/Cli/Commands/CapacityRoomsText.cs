using System.Globalization;
using System.Text;
using FanoutSim.Model.Planning;
using FanoutSim.Model.Results;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// What `capacity` prints for a service of several rooms: the largest scale k (as users and rooms), each room class's
/// ratio there, how sure that is and what limits it. One room's report is <see cref="CapacityCommand.Format"/>.
/// </summary>
internal static class CapacityRoomsText
{
    public static string Format(Scenario s, RoomScaleAxis axis, TargetRule rule, CapacityResult r)
    {
        var text = new StringBuilder();
        Deployment d = s.Deployment;
        string redis = d.RedisShards == 1
            ? d.RedisNode.Name
            : I($"{d.RedisShards} x {d.RedisNode.Name}, {d.RedisTopology.ToText()}");
        text.AppendLine(I($"  capacity of {Files.Echoed.Capped(s.Name)}: {d.Tasks} task(s) x {d.TaskVcpu:0.##} ") +
            I($"vCPU, {CapacityCommand.Mode(d.Subscription)}, Redis {redis}, ") +
            I($"interval {s.Workload.IntervalSeconds:0.###} s"));
        text.AppendLine($"  service:   {Service(axis, axis.One)}; scaled by k: every class's count x k (rounded, at " +
            $"least 1 room), sizes unchanged, k in steps of 1/{axis.One} (one room of the {Class(axis.Reference)} " +
            "class)");
        text.AppendLine($"  target: delivery ratio >= {rule.Describe(s)}, {s.Replications} replications per probe " +
            "(95 % CI)");
        if (r.MaxUsers is not int max)
        {
            text.AppendLine($"  largest scale: none; even k = {K(axis, r.Probes[0])} misses the target " +
                $"({Probe(r.Probes[0])})");
        }
        else
        {
            string limit = r.HitSearchLimit ? " (the search limit; raise --max-users)" : "";
            text.AppendLine($"  largest scale: k = {K(axis, max)}{limit}: {Service(axis, max)}");
            text.AppendLine($"             {Probe(r.AtMax!)}" +
                (r.FirstFailing is { } f ? $"; at k = {K(axis, f)} ({Users(f)}): {Probe(f)}" : ""));
            text.AppendLine($"  room classes at k = {K(axis, max)}: " + string.Join(", ",
                r.AtMax!.Rooms!.Classes.Select(c => I($"{c.Rooms} x {Size(c)} {Pct(c.DeliveryRatio)} %"))));
        }
        text.AppendLine("  noise:     " +
            CapacityCommand.Noise(r, (relation, m) => $"k {relation} {K(axis, m)}"));
        text.AppendLine($"  limited by: {r.LimitingResource}" +
            (r.FirstFailing is { } ff ? $" (the busiest resource at k = {K(axis, ff)}, {Users(ff)})" : ""));
        text.AppendLine($"  fluid bound: k <= {K(axis, r.BoundUsers)} ({axis.UsersAt(r.BoundUsers)} users; " +
            $"{r.BoundBottleneck}); no simulation can do better");
        text.AppendLine("  probes:    " + string.Join(", ", r.Probes.Select(p =>
            $"k={K(axis, p)} ({p.Users}) {Pct(p.Ratio)}%{(p.Meets ? "" : " x")}")));
        return text.ToString();
    }

    /// <summary>"34 rooms (33 x 10, 1 x 100), 430 users".</summary>
    private static string Service(RoomScaleAxis axis, int point)
    {
        IReadOnlyList<RoomClass> classes = axis.ClassesAt(point);
        return I($"{classes.Sum(c => c.Count)} rooms (") + string.Join(", ", classes.Select(Class)) +
            I($"), {axis.UsersAt(point)} users");
    }

    private static string Class(RoomClass c) => I($"{c.Count} x {c.SizeText}");

    private static string Size(RoomClassMetrics c) => c.Sizes is null ? I($"{c.Size}") : $"({c.Sizes})";

    private static string Probe(CapacityProbe p) => $"{Pct(p.Ratio)} % ± {Pct(p.HalfWidth)} pp" +
        (p.P99Target is null || p.P99 is not { } p99 ? "" : I($", p99 {p99 * 1000:0} ms"));

    private static string Users(CapacityProbe p) => I($"{p.Users} users");

    private static string K(RoomScaleAxis axis, CapacityProbe p) => K(axis, p.Rooms!.Point);

    private static string K(RoomScaleAxis axis, int point) => I($"{axis.Scale(point):0.00#}");

    private static string Pct(double v) => I($"{v * 100:0.00}");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
