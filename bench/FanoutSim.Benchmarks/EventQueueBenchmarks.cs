using BenchmarkDotNet.Attributes;
using FanoutSim.Sim.Events;
using FanoutSim.Sim.Random;

namespace FanoutSim.Benchmarks;

/// <summary>Hold-model throughput of the event list: dequeue one, schedule one a random delay later.</summary>
[MemoryDiagnoser]
public class EventQueueBenchmarks
{
    private EventQueue<long> _queue = null!;
    private RandomStream _random = null!;

    [Params(1_000, 100_000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _queue = new EventQueue<long>(Pending);
        _random = new RandomStream(1);
        for (int i = 0; i < Pending; i++)
        {
            _queue.Enqueue(_random.Exponential(1), i);
        }
    }

    [Benchmark(OperationsPerInvoke = 100_000)]
    public double HoldOperations()
    {
        double last = 0;
        for (int i = 0; i < 100_000; i++)
        {
            _queue.TryDequeue(out double time, out long payload);
            _queue.Enqueue(time + _random.Exponential(1), payload);
            last = time;
        }
        return last;
    }
}
