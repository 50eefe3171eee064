using System.Reflection;
using FanoutSim.Model.Calibration;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Model.Tests.Scenarios.Profile;

/// <summary>The cost-profile table: one row per field, each reading and setting its own field and no other.</summary>
public class ProfileFieldsTests
{
    public static TheoryData<string> Keys => new(ProfileFields.Keys);

    public static TheoryData<string> FittableKeys => new(ProfileParameter.All.Select(p => p.Name));

    private static ProfileField Field(string key) => ProfileFields.Find(key)!;

    /// <summary>A valid value of the field that differs from the one <paramref name="p"/> has.</summary>
    private static double OtherValue(ProfileField f, CostProfile p)
    {
        double now = f.Get(p);
        return f.Unit switch
        {
            ProfileUnit.Flag => 1 - now,
            ProfileUnit.Count => now + 2,
            _ when double.IsFinite(f.Bounds.Max) => now == 0.37 ? 0.29 : 0.37,
            _ => now * 1.7 + 0.0123,
        };
    }

    [Fact]
    public void Every_field_has_one_unique_key_and_a_doc_line()
    {
        Assert.Equal(ProfileFields.Keys.Count, ProfileFields.Keys.Distinct().Count());
        Assert.All(ProfileFields.All, f => Assert.False(string.IsNullOrWhiteSpace(f.Doc), f.Key));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void With_sets_its_own_field_and_leaves_every_other_field_alone(string key)
    {
        ProfileField field = Field(key);
        CostProfile before = TestScenarios.Python;
        double value = OtherValue(field, before);
        CostProfile after = field.With(before, value);
        Assert.Equal(value, field.Get(after));
        Assert.All(ProfileFields.All.Where(f => f != field), f => Assert.Equal(f.Get(before), f.Get(after)));
    }

    [Theory]
    [MemberData(nameof(FittableKeys))]
    public void A_fittable_field_reads_back_what_the_fitter_set(string key)
    {
        var parameter = ProfileParameter.Named(key);
        double value = OtherValue(Field(key), TestScenarios.Python);
        Assert.Equal(value, parameter.Get(parameter.With(TestScenarios.Python, value)));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(-3, 1)]
    [InlineData(2.6, 3)]
    public void The_fitter_keeps_counts_whole_and_at_least_one(double proposed, int kept)
    {
        // A count the fitter never moves (a server's setting, such as a queue's bound) may be 0.
        foreach (ProfileField count in ProfileFields.All.Where(f => f.Unit == ProfileUnit.Count && f.Fittable))
        {
            Assert.True(count.Integer);
            Assert.Equal(kept, count.Get(count.Fit(TestScenarios.Python, proposed)));
        }
    }

    [Theory]
    [InlineData(0.49, 0)]
    [InlineData(0.5, 1)]
    [InlineData(3, 1)]
    public void The_fitter_turns_a_flag_on_from_one_half(double proposed, int kept)
    {
        foreach (ProfileField flag in ProfileFields.All.Where(f => f.Unit == ProfileUnit.Flag))
        {
            Assert.Equal(kept, flag.Get(flag.Fit(TestScenarios.Python, proposed)));
        }
    }

    [Fact]
    public void The_fitter_caps_cpu_drift_at_0_95()
    {
        var drift = ProfileParameter.Named("cpu_drift");
        Assert.Equal(0.95, drift.With(TestScenarios.Python, 3.5).CpuDrift);
        Assert.Equal(0.97, Field("cpu_drift").With(TestScenarios.Python, 0.97).CpuDrift);
    }

    [Fact]
    public void A_profile_built_in_code_gets_the_table_defaults_for_the_arguments_it_leaves_out()
    {
        // Required arguments get a marker no default has (NaN, -1); the rest take the record's own defaults.
        ConstructorInfo constructor = typeof(CostProfile).GetConstructors().Single(c => c.GetParameters().Length > 1);
        object?[] arguments = constructor.GetParameters()
            .Select(a => a.HasDefaultValue ? a.DefaultValue
                : a.ParameterType == typeof(string) ? "x" : a.ParameterType == typeof(int) ? -1 : (object)double.NaN)
            .ToArray();
        var built = (CostProfile)constructor.Invoke(arguments);
        IEnumerable<ProfileField> defaulted = ProfileFields.All
            .Where(f => f.Default is not null && !double.IsNaN(f.Get(built)) && f.Get(built) != -1);
        Assert.NotEmpty(defaulted);
        Assert.All(defaulted, f => Assert.Equal(f.Default, f.Get(built)));
    }

    [Theory]
    [InlineData("handshake_cpu", "soon", "expected a duration")]
    [InlineData("handshake_cpu", "-1", "must be at least 0 s")]
    [InlineData("forward_batch", "2.5", "expected a whole number")]
    [InlineData("forward_batch", "0", "must be at least 1")]
    [InlineData("close_stops_forwarding_at_once", "yes", "expected true or false")]
    [InlineData("redis_bytes_per_copy", "lots", "expected a number")]
    [InlineData("redis_bytes_per_copy", "Infinity", "expected a number")]
    [InlineData("cpu_jitter", "1", "must be in [0, 1)")]
    [InlineData("final_tick_wins_probability", "1.5", "must be in [0, 1]")]
    [InlineData("usable_cores_per_task", "0", "must be more than 0")]
    [InlineData("handshake_round_trips", "-1", "must be at least 0")]
    [InlineData("handshake_round_trips", "1.5", "expected a whole number")]
    [InlineData("client_start_spread", "-10ms", "must be at least 0 s")]
    public void Text_a_field_cannot_take_is_refused_with_the_reason(string key, string text, string reason)
    {
        Assert.False(Field(key).TryParse(text, out _, out string error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("handshake_cpu", "0.25", 0.25)]
    [InlineData("forward_batch", "54", 54)]
    [InlineData("per_task_writes_queue_per_connection", "true", 1)]
    [InlineData("per_task_writes_queue_per_connection", "false", 0)]
    [InlineData("final_tick_wins_probability", "1", 1)]
    [InlineData("client_start_spread", "45ms", 0.045)]
    public void Text_in_a_fields_grammar_is_read(string key, string text, double expected)
    {
        Assert.True(Field(key).TryParse(text, out double value, out string error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(0.004, "4ms")]
    [InlineData(1.6, "1600ms")]
    [InlineData(2.6e-5, "0.026ms")]
    public void Seconds_are_written_as_milliseconds_when_those_read_back_exactly(double seconds, string text) =>
        Assert.Equal(text, Field("handshake_cpu").Text(seconds));

    [Fact]
    public void Seconds_whose_milliseconds_would_not_read_back_exactly_are_written_as_seconds()
    {
        // 700 x 0.001 is not the double nearest 0.7.
        string text = Field("handshake_cpu").Text(0.7);
        Assert.Equal("0.7", text);
    }
}
