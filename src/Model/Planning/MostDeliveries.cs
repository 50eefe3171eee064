namespace FanoutSim.Model.Planning;

/// <summary>
/// The most deliveries a second one resource can make when deliveries of different rooms cost it different amounts:
/// it spends its capacity on the cheapest first (a fractional knapsack). Whatever order the resource really serves
/// them in, it cannot deliver more, which is what keeps a bound built on it sound.
/// </summary>
internal static class MostDeliveries
{
    /// <summary>Deliveries a second a room wants from the resource, and what each costs it.</summary>
    public readonly record struct Demand(double PerSecond, double CostEach);

    /// <summary>
    /// The share of <paramref name="demands"/>' deliveries that <paramref name="capacity"/> a second lets through:
    /// capacity over the work wanted when it suffices (above 1: headroom), else the cheapest deliveries it can pay.
    /// </summary>
    public static double Share(double capacity, IReadOnlyList<Demand> demands)
    {
        double wanted = demands.Sum(x => x.PerSecond);
        double work = demands.Sum(x => x.PerSecond * x.CostEach);
        if (wanted <= 0 || work <= 0)
        {
            return double.PositiveInfinity;
        }
        if (capacity >= work)
        {
            return capacity / work;
        }
        double left = Math.Max(0, capacity), delivered = 0;
        foreach (Demand demand in demands.OrderBy(x => x.CostEach))
        {
            double paid = demand.CostEach <= 0 ? demand.PerSecond : Math.Min(demand.PerSecond, left / demand.CostEach);
            delivered += paid;
            left -= paid * demand.CostEach;
        }
        return delivered / wanted;
    }
}
