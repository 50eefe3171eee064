using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace FanoutSim.LoadGen;

/// <summary>
/// The probe's result: envelopes per CPU-second (<paramref name="Median"/>: the median over repeats, or with
/// <see cref="PerCpu"/> the mean over the CPUs of each one's median) and the repeats' spread.
/// </summary>
public sealed record SpeedIndex(double Median, double Min, double Max, int Repeats, double SecondsEach)
{
    /// <summary>Each CPU's median, when the probe could pin itself to each in turn.</summary>
    public IReadOnlyList<double> PerCpu { get; init; } = [];

    /// <summary>"2600000 1400000": each CPU's index, in CPU order; empty without pinning.</summary>
    public string PerCpuText =>
        string.Join(' ', PerCpu.Select(v => Math.Round(v).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Half the min-max range as a share of the median: how far one repeat could be off.</summary>
    public double Spread => Median > 0 ? (Max - Min) / 2 / Median : 0;

    public string SpreadText => string.Create(CultureInfo.InvariantCulture,
        $"min {Min:0} max {Max:0} (+-{Spread * 100:0.0} %) over {Repeats} x {SecondsEach:0.##} cpu-s")
        + (PerCpu.Count > 0 ? $" on each of {PerCpu.Count} cpus" : "");
}

/// <summary>
/// A fixed, CPU-bound copy of the chat server's hot path, run on one thread at full speed: write the ~190-byte
/// envelope as JSON, parse it back, and copy it into one WebSocket frame per subscriber. Counting envelopes per
/// CPU-second of this thread (not wall time) keeps the index a property of the core, not of how busy it was.
/// </summary>
public static class SpeedProbe
{
    /// <summary>Frames each envelope is copied into, as a server fans it out to a small room.</summary>
    public const int Subscribers = 8;

    private const int Batch = 2000;

    private const double WarmupWindow = 0.05;

    private const double WarmupLimit = 3.0;

    private const double WarmupMinimum = 0.5;

    private static readonly TimeSpan s_warmupPause = TimeSpan.FromMilliseconds(20);

    private static readonly byte[] s_content = Encoding.UTF8.GetBytes(
        "hello from the load generator, message 0000001 of this session");

    private static readonly DateTimeOffset s_createdAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Warms up until the JIT has settled, then times <paramref name="repeats"/> of <paramref name="cpuSecondsEach"/>
    /// CPU-seconds each on every CPU the process may use in turn (where it can pin itself; else wherever it runs).
    /// The index is the mean over the CPUs of each CPU's median: the run's processes use them all.
    /// </summary>
    public static SpeedIndex Measure(double cpuSecondsEach, int repeats)
    {
        using var state = new State();
        WarmUp(state);
        IReadOnlyList<int> cpus = CpuPinning.Allowed();
        if (cpus.Count == 0)
        {
            List<double> rates = Repeat(state, cpuSecondsEach, repeats);
            return new SpeedIndex(Median(rates), rates.Min(), rates.Max(), repeats, cpuSecondsEach);
        }
        var perCpu = new List<double>();
        var all = new List<double>();
        foreach (int cpu in cpus)
        {
            List<double> rates = CpuPinning.On(cpu, () => Repeat(state, cpuSecondsEach, repeats));
            perCpu.Add(Median(rates));
            all.AddRange(rates);
        }
        return new SpeedIndex(perCpu.Average(), all.Min(), all.Max(), repeats, cpuSecondsEach) { PerCpu = perCpu };
    }

    private static List<double> Repeat(State state, double cpuSecondsEach, int repeats)
    {
        var rates = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            rates.Add(RunFor(state, cpuSecondsEach));
        }
        return rates;
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        return sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// The library code the loop calls is recompiled on a background thread after many calls; short windows with
    /// pauses (which let that thread run on a busy machine) go on until four in a row bring no 3 % gain (bounded).
    /// </summary>
    internal static void WarmUp(State state)
    {
        double best = 0, spent = 0;
        int flat = 0;
        while ((flat < 4 || spent < WarmupMinimum) && spent < WarmupLimit)
        {
            double rate = RunFor(state, WarmupWindow);
            spent += WarmupWindow;
            Thread.Sleep(s_warmupPause);
            if (rate > best * 1.03)
            {
                best = rate;
                flat = 0;
            }
            else
            {
                flat++;
            }
        }
    }

    internal static double RunFor(State state, double cpuSeconds)
    {
        double start = ThreadCpu.Seconds();
        long ops = 0;
        double used;
        do
        {
            state.Checksum += RunBatch(state, ops);
            ops += Batch;
            used = ThreadCpu.Seconds() - start;
        }
        while (used < cpuSeconds);
        return ops / used;
    }

    // Compiled fully optimised at once: tiered compilation's profile-guided recompile of the loop (three times
    // faster, but only after an unpredictable delay on a busy machine) made repeats differ by up to 4x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long RunBatch(State state, long first)
    {
        long sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            sum += OneEnvelope(state, first + i);
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int OneEnvelope(State state, long n)
    {
        state.Buffer.ResetWrittenCount();
        state.Writer.Reset(state.Buffer);
        Utf8JsonWriter w = state.Writer;
        w.WriteStartObject();
        w.WriteString("id", state.Id);
        w.WriteString("user", "user-0042");
        w.WriteString("content", s_content);
        w.WriteString("room", "room1");
        w.WriteString("created_at", s_createdAt.AddTicks(n));
        w.WriteEndObject();
        w.Flush();
        ReadOnlySpan<byte> json = state.Buffer.WrittenSpan;

        var reader = new Utf8JsonReader(json);
        int sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                sum += reader.ValueSpan.Length;
            }
        }
        foreach (byte[] frame in state.Frames)
        {
            // Unmasked server-to-client text frame: FIN + opcode 1, then a 7-bit length (126 + 16-bit above 125).
            frame[0] = 0x81;
            int header = 2;
            if (json.Length <= 125)
            {
                frame[1] = (byte)json.Length;
            }
            else
            {
                frame[1] = 126;
                frame[2] = (byte)(json.Length >> 8);
                frame[3] = (byte)json.Length;
                header = 4;
            }
            json.CopyTo(frame.AsSpan(header));
            sum += frame[header + json.Length - 1];
        }
        return sum;
    }

    internal sealed class State : IDisposable
    {
        public readonly ArrayBufferWriter<byte> Buffer = new(512);
        public readonly Utf8JsonWriter Writer;
        public readonly byte[][] Frames = Enumerable.Range(0, Subscribers).Select(_ => new byte[512]).ToArray();
        public readonly string Id = Guid.CreateVersion7().ToString("N");
        public long Checksum;

        public State()
        {
            Writer = new Utf8JsonWriter(Buffer);
        }

        public void Dispose() => Writer.Dispose();
    }
}
