using BenchmarkDotNet.Running;

namespace FanoutSim.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project bench/FanoutSim.Benchmarks -- --filter '*'
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
