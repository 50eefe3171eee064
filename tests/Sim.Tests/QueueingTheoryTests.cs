using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;
using FanoutSim.Sim.Resources;
using FanoutSim.Sim.Statistics;

namespace FanoutSim.Sim.Tests;

/// <summary>
/// The engine's queueing against closed-form results: the mean wait must fall in the replications'
/// 99 % confidence interval, and that interval must be narrow (a 3 % bias would be caught).
/// </summary>
public class QueueingTheoryTests
{
    private const double ArrivalRate = 0.8;
    private const double ServiceRate = 1.0;
    private const int Customers = 200_000;
    private const int WarmUp = 5_000;
    private const int Replications = 12;

    [Fact]
    public void MM1_mean_wait_in_queue_matches_the_formula()
    {
        double rho = ArrivalRate / ServiceRate;
        double formula = rho / (ServiceRate - ArrivalRate);
        var waits = Enumerable.Range(0, Replications).Select(r => MM1WithEvents(RandomStreams.ReplicationSeed(1, r)))
            .ToList();
        var ci = ConfidenceInterval.Of(waits, 0.99);
        Assert.True(ci.Contains(formula),
            $"M/M/1 Wq formula {formula:0.###} outside CI [{ci.Low:0.###}, {ci.High:0.###}]");
        Assert.True(ci.HalfWidth < 0.03 * formula, "the CI must be tight enough to mean something");
    }

    [Fact]
    public void MD1_mean_wait_in_queue_matches_the_formula_on_the_round_robin_processor()
    {
        double rho = ArrivalRate / ServiceRate;
        double formula = rho / (2 * ServiceRate * (1 - rho));
        var waits = Enumerable.Range(0, Replications).Select(r => MD1OnProcessor(RandomStreams.ReplicationSeed(2, r)))
            .ToList();
        var ci = ConfidenceInterval.Of(waits, 0.99);
        Assert.True(ci.Contains(formula),
            $"M/D/1 Wq formula {formula:0.###} outside CI [{ci.Low:0.###}, {ci.High:0.###}]");
        Assert.True(ci.HalfWidth < 0.03 * formula);
    }

    [Fact]
    public void MM1_on_the_fifo_server_matches_the_formula()
    {
        double formula = ArrivalRate / ServiceRate / (ServiceRate - ArrivalRate);
        var waits = Enumerable.Range(0, Replications).Select(r =>
        {
            var random = new RandomStreams(RandomStreams.ReplicationSeed(3, r));
            RandomStream arrivals = random.For("arrivals");
            RandomStream service = random.For("service");
            var server = new FifoServer();
            double t = 0, total = 0;
            for (int i = 0; i < Customers; i++)
            {
                t += arrivals.Exponential(1 / ArrivalRate);
                double before = server.TotalWait;
                server.Submit(t, service.Exponential(1 / ServiceRate));
                if (i >= WarmUp)
                {
                    total += server.TotalWait - before;
                }
            }
            return total / (Customers - WarmUp);
        }).ToList();
        var ci = ConfidenceInterval.Of(waits, 0.99);
        Assert.True(ci.Contains(formula),
            $"M/M/1 Wq formula {formula:0.###} outside CI [{ci.Low:0.###}, {ci.High:0.###}]");
    }

    /// <summary>Arrivals and departures as events, a FIFO line held by the test.</summary>
    private static double MM1WithEvents(ulong seed)
    {
        var streams = new RandomStreams(seed);
        RandomStream arrivals = streams.For("arrivals");
        RandomStream service = streams.For("service");
        var sim = new Simulator<int>();
        var line = new Queue<double>();
        bool busy = false;
        int arrived = 0, started = 0;
        double totalWait = 0;
        const int arrival = 0, departure = 1;
        sim.Schedule(arrivals.Exponential(1 / ArrivalRate), arrival);
        while (sim.TryNext(out int kind) && started < Customers)
        {
            if (kind == arrival)
            {
                arrived++;
                if (arrived < Customers)
                {
                    sim.ScheduleIn(arrivals.Exponential(1 / ArrivalRate), arrival);
                }
                line.Enqueue(sim.Now);
            }
            else
            {
                busy = false;
            }
            if (!busy && line.Count > 0)
            {
                double wait = sim.Now - line.Dequeue();
                if (started++ >= WarmUp)
                {
                    totalWait += wait;
                }
                busy = true;
                sim.ScheduleIn(service.Exponential(1 / ServiceRate), departure);
            }
        }
        return totalWait / (started - WarmUp);
    }

    /// <summary>Arrivals as events; service by the processor between events, one lane, unit work.</summary>
    private static double MD1OnProcessor(ulong seed)
    {
        RandomStream arrivals = new RandomStreams(seed).For("arrivals");
        var sim = new Simulator<int>();
        var work = new OneLane(sim);
        var processor = new RoundRobinProcessor();
        sim.Schedule(arrivals.Exponential(1 / ArrivalRate), 0);
        int arrived = 0;
        while (sim.TryNext(out _))
        {
            arrived++;
            if (arrived < Customers)
            {
                sim.ScheduleIn(arrivals.Exponential(1 / ArrivalRate), 0);
            }
            work.Arrivals.Enqueue(sim.Now);
            if (!work.Queued)
            {
                work.Queued = true;
                processor.Enqueue(0, sim.Now);
            }
            processor.Run(ref work);
        }
        work.Horizon = double.PositiveInfinity;
        processor.Run(ref work);
        Assert.Equal(Customers, work.Served);
        return work.TotalWait / (work.Served - WarmUp);
    }

    private struct OneLane : ILaneWork
    {
        private readonly Simulator<int> _sim;
        private double _horizonOverride;

        public OneLane(Simulator<int> sim)
        {
            _sim = sim;
            _horizonOverride = double.NaN;
            Arrivals = new Queue<double>();
            Queued = false;
            Served = 0;
            TotalWait = 0;
        }

        public Queue<double> Arrivals { get; }

        public bool Queued { get; set; }

        public int Served { get; private set; }

        public double TotalWait { get; private set; }

        public double Horizon
        {
            readonly get => double.IsNaN(_horizonOverride) ? _sim.NextEventTime : _horizonOverride;
            set => _horizonOverride = value;
        }

        public readonly double Duration(double start, double work) => work / ServiceRate;

        public double NextJobWork(int lane, double start)
        {
            if (Arrivals.Count == 0)
            {
                Queued = false;
                return -1;
            }
            return 1.0;
        }

        public LaneNext CompleteJob(int lane, double start, double finish)
        {
            double wait = start - Arrivals.Dequeue();
            if (Served++ >= WarmUp)
            {
                TotalWait += wait;
            }
            if (Arrivals.Count > 0)
            {
                return LaneNext.Requeue;
            }
            Queued = false;
            return LaneNext.Idle;
        }
    }
}
