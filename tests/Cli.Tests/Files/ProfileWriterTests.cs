using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>A written profile reads back as exactly the profile that was written, to the last bit.</summary>
public class ProfileWriterTests
{
    /// <summary>Every field set, to values with long decimals (for seconds, mostly not whole ms).</summary>
    private static CostProfile Awkward()
    {
        CostProfile p = ProfileFields.Blank("awkward");
        int i = 0;
        foreach (ProfileField f in ProfileFields.All)
        {
            i++;
            double value = f.Unit switch
            {
                ProfileUnit.Flag => 1,
                ProfileUnit.Count => 6 + i,
                _ when double.IsFinite(f.Bounds.Max) => 1 / (i + 2.0),
                ProfileUnit.Seconds => i % 2 == 0 ? 0.7 * i / 1e4 : i / 3e5,
                _ => Math.PI * i / 7,
            };
            p = f.With(p, value);
        }
        return p;
    }

    private static CostProfile WriteAndRead(CostProfile profile)
    {
        using var ws = new ScenarioWorkspace();
        string file = ws.Write("p.yaml", ProfileWriter.Format(profile, "d", ["a", "b"], "notes\nover two lines"));
        return ProfileFile.Load(file);
    }

    [Fact]
    public void Every_field_round_trips_bit_for_bit()
    {
        CostProfile awkward = Awkward();
        Assert.Equal(awkward, WriteAndRead(awkward));
    }

    [Fact]
    public void A_profile_without_the_optional_mechanisms_round_trips_and_leaves_their_keys_out()
    {
        CostProfile plain = Awkward();
        foreach (ProfileField f in ProfileFields.All.Where(f => f.Default is not null))
        {
            plain = f.With(plain, f.Default!.Value);
        }
        Assert.Equal(plain, WriteAndRead(plain));
        string yaml = ProfileWriter.Format(plain, "d", [], "n");
        Assert.DoesNotContain("forward_turn_cpu", yaml);
        Assert.DoesNotContain("close_stops_forwarding_at_once", yaml);
        Assert.DoesNotContain("cpu_drift", yaml);
        Assert.Contains("  final_tick_wins_probability: 0.5\n", yaml);
    }

    [Fact]
    public void Cpu_drift_window_is_written_only_with_cpu_drift()
    {
        CostProfile steady = Awkward() with { CpuDrift = 0, CpuDriftWindowSeconds = 2.5 };
        Assert.DoesNotContain("cpu_drift", ProfileWriter.Format(steady, "d", [], "n"));
        string drifting = ProfileWriter.Format(steady with { CpuDrift = 0.3 }, "d", [], "n");
        Assert.Contains("  cpu_drift: 0.3\n  cpu_drift_window: 2500ms\n", drifting);
    }

    [Fact]
    public void The_committed_profiles_are_written_back_with_the_values_they_hold()
    {
        string profiles = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles");
        foreach (string file in Directory.GetFiles(profiles, "*.yaml"))
        {
            CostProfile committed = ProfileFile.Load(file);
            Assert.Equal(committed, WriteAndRead(committed));
        }
    }
}
