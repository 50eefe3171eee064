namespace FanoutSim.LoadGen.Tests;

/// <summary>A host kind: CPU model, CPU count and nominal clock; its text form and when two kinds are one.</summary>
public class HostKindTests
{
    private static readonly HostKind s_slow = new("AMD EPYC", 2, 2096);

    [Fact]
    public void Its_text_names_the_model_the_cpus_and_the_clock()
    {
        Assert.Equal("AMD EPYC, 2 CPUs, 2096 MHz", s_slow.ToText());
        Assert.Equal("AMD EPYC, 2 CPUs, 2596.1 MHz", new HostKind("AMD EPYC", 2, 2596.1).ToText());
        Assert.Equal("Graviton, 1 CPU, 2500 MHz", new HostKind("Graviton", 1, 2500).ToText());
    }

    [Theory]
    [InlineData("AMD EPYC, 2 CPUs, 2096 MHz")]
    [InlineData("AMD EPYC, 2 CPUs, 2596.1 MHz")]
    [InlineData("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz, 8 CPUs, 2899.9 MHz")]
    [InlineData("Odd, model, with commas, 1 CPU, 1000 MHz")]
    public void Its_text_reads_back_as_the_same_kind(string text)
    {
        Assert.True(HostKind.TryParse(text, out HostKind kind, out string error), error);
        Assert.Equal(text, kind.ToText());
    }

    [Fact]
    public void A_model_with_commas_keeps_them()
    {
        Assert.True(HostKind.TryParse("Odd, model, 4 CPUs, 1000 MHz", out HostKind kind, out _));
        Assert.Equal(new HostKind("Odd, model", 4, 1000), kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AMD EPYC")]
    [InlineData("AMD EPYC, 2096 MHz")]
    [InlineData("AMD EPYC, two CPUs, 2096 MHz")]
    [InlineData("AMD EPYC, 0 CPUs, 2096 MHz")]
    [InlineData("AMD EPYC, 2 cores, 2096 MHz")]
    [InlineData("AMD EPYC, 2 CPUs, 2096")]
    [InlineData("AMD EPYC, 2 CPUs, 2.1 GHz")]
    [InlineData("AMD EPYC, 2 CPUs, -2096 MHz")]
    [InlineData("AMD EPYC, 2 CPUs, 0 MHz")]
    [InlineData(", 2 CPUs, 2096 MHz")]
    public void Other_text_is_refused_saying_the_form(string text)
    {
        Assert.False(HostKind.TryParse(text, out _, out string error));
        Assert.Contains("expected 'CPU MODEL, N CPUs, MHZ MHz'", error);
        Assert.Contains($"got '{text}'", error);
    }

    [Theory]
    [InlineData("AMD EPYC", 2, 2096, true)]
    [InlineData("AMD EPYC", 2, 2116, true)]
    [InlineData("AMD EPYC", 2, 2075.5, true)]
    [InlineData("AMD EPYC", 2, 2120, false)]
    [InlineData("AMD EPYC", 2, 2596.1, false)]
    [InlineData("AMD EPYC", 4, 2096, false)]
    [InlineData("AMD EPYC 7B13", 2, 2096, false)]
    public void Kinds_match_on_model_and_cpus_and_a_clock_within_one_percent(string model, int cpus, double mhz,
        bool matches)
    {
        var other = new HostKind(model, cpus, mhz);
        Assert.Equal(matches, s_slow.Matches(other));
        Assert.Equal(matches, other.Matches(s_slow));
    }

    [Fact]
    public void A_run_environment_gives_its_kind_and_the_kernel_is_not_part_of_it()
    {
        var b = new Dictionary<string, string>
        {
            ["cpu_model"] = "AMD EPYC",
            ["nproc"] = "2",
            ["cpu_mhz"] = "2096",
            ["kernel"] = "6.18.44-fc-v1045",
        };
        var r = new Dictionary<string, string>(b) { ["kernel"] = "6.18.44-fc-v1272" };
        Assert.Equal(s_slow, HostKind.FromEnvironment(b));
        Assert.True(HostKind.FromEnvironment(b)!.Matches(HostKind.FromEnvironment(r)!));
    }

    [Fact]
    public void The_harness_machine_count_comes_before_the_load_generators_own()
    {
        // Session H: the runtime took a task's quota for its own and recorded nproc 1; run-local's machine_nproc is 2.
        var h = new Dictionary<string, string>
        {
            ["cpu_model"] = "AMD EPYC",
            ["nproc"] = "1",
            ["machine_nproc"] = "2",
            ["cpu_mhz"] = "2096",
        };
        Assert.Equal(2, HostKind.FromEnvironment(h)!.Cpus);
    }

    [Fact]
    public void The_harness_model_stands_in_when_the_run_has_no_cpu_model()
    {
        var e = new Dictionary<string, string>
        {
            ["machine_cpu_model"] = "AMD EPYC",
            ["machine_nproc"] = "2",
            ["cpu_mhz"] = "2596.1",
        };
        Assert.Equal(new HostKind("AMD EPYC", 2, 2596.1), HostKind.FromEnvironment(e));
    }

    [Theory]
    [InlineData("cpu_model")]
    [InlineData("nproc")]
    [InlineData("cpu_mhz")]
    public void A_run_missing_any_part_or_saying_unknown_has_no_kind(string key)
    {
        var full = new Dictionary<string, string> { ["cpu_model"] = "AMD EPYC", ["nproc"] = "2", ["cpu_mhz"] = "2096" };
        Assert.NotNull(HostKind.FromEnvironment(full));
        Assert.Null(HostKind.FromEnvironment(new Dictionary<string, string>(full) { [key] = "unknown" }));
        var without = new Dictionary<string, string>(full);
        without.Remove(key);
        Assert.Null(HostKind.FromEnvironment(without));
        Assert.Null(HostKind.FromEnvironment(null));
    }

    [Fact]
    public void This_machine_has_the_kind_its_run_files_record()
    {
        var here = HostKind.OfMachine();
        var cpu = CpuInfo.ReadMachine();
        Assert.SkipWhen(cpu.Model is null || cpu.Mhz is null, "/proc/cpuinfo names no model or clock here");
        IReadOnlyDictionary<string, string> facts = MachineFacts.Collect();
        Assert.Equal(HostKind.FromEnvironment(facts), here);
    }
}
