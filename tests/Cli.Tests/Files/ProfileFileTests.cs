using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>A bad value in a profile file is refused naming the file, line, column and key, for every field.</summary>
public class ProfileFileTests
{
    public static TheoryData<string> Keys => new(ProfileFields.Keys);

    public static TheoryData<string> BoundedKeys =>
        new(ProfileFields.All.Where(f => f.Unit != ProfileUnit.Flag).Select(f => f.Key));

    private static readonly CostProfile s_valid =
        ProfileFile.Load(Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles", "local.yaml"));

    /// <summary>A valid profile file whose last line sets <paramref name="key"/> to <paramref name="text"/>.</summary>
    private static string WriteWith(ScenarioWorkspace ws, string key, string text, out string where)
    {
        var lines = ProfileWriter.Format(s_valid, "d", [], "n").TrimEnd('\n').Split('\n')
            .Where(l => !l.StartsWith($"  {key}:", StringComparison.Ordinal))
            .Append($"  {key}: {text}")
            .ToList();
        where = $"bad.yaml:{lines.Count}:{key.Length + 5}";
        return ws.Write("bad.yaml", string.Join('\n', lines) + "\n");
    }

    private static string LoadWith(string key, string text, out string where)
    {
        using var ws = new ScenarioWorkspace();
        string file = WriteWith(ws, key, text, out where);
        return Assert.Throws<InputException>(() => ProfileFile.Load(file)).Message;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Text_of_the_wrong_kind_is_refused_with_its_position_and_key(string key)
    {
        ProfileField field = ProfileFields.Find(key)!;
        string message = LoadWith(key, "lots", out string where);
        Assert.Contains(where, message);
        Assert.Contains($"key 'costs.{key}'", message);
        Assert.Contains(field.Unit switch
        {
            ProfileUnit.Seconds => "expected a duration",
            ProfileUnit.Count => "expected a whole number",
            ProfileUnit.Flag => "expected true or false",
            _ => "expected a number",
        }, message);
    }

    [Theory]
    [MemberData(nameof(BoundedKeys))]
    public void A_value_out_of_bounds_is_refused_with_its_position_and_key(string key)
    {
        ProfileBounds bounds = ProfileFields.Find(key)!.Bounds;
        double below = bounds.ExclusiveMin ? bounds.Min : bounds.Min - 1;
        string text = below.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string message = LoadWith(key, text, out string where);
        Assert.Contains(where, message);
        Assert.Contains($"key 'costs.{key}'", message);
        Assert.Contains("must be", message);
    }

    [Fact]
    public void A_count_with_a_fraction_is_refused() =>
        Assert.Contains("expected a whole number, got '2.5'", LoadWith("forward_batch", "2.5", out _));

    [Theory]
    [InlineData("2m", 120)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("2", 2)]
    public void A_duration_is_read_in_any_unit(string text, double seconds)
    {
        using var ws = new ScenarioWorkspace();
        Assert.Equal(seconds, ProfileFile.Load(WriteWith(ws, "cpu_drift_window", text, out _)).CpuDriftWindowSeconds);
    }

    [Fact]
    public void A_missing_required_cost_is_named()
    {
        using var ws = new ScenarioWorkspace();
        string yaml = string.Join('\n', ProfileWriter.Format(s_valid, "d", [], "n").Split('\n')
            .Where(l => !l.StartsWith("  delivery_cpu:", StringComparison.Ordinal)));
        string message = Assert.Throws<InputException>(() => ProfileFile.Load(ws.Write("p.yaml", yaml))).Message;
        Assert.Contains("key 'costs.delivery_cpu'", message);
        Assert.Contains("required", message);
    }

    [Fact]
    public void Keys_left_out_take_the_table_defaults()
    {
        using var ws = new ScenarioWorkspace();
        string yaml = string.Join('\n', ProfileWriter.Format(s_valid, "d", [], "n").Split('\n')
            .Where(l => !l.StartsWith("  forward_batch:", StringComparison.Ordinal)
                && !l.StartsWith("  final_tick_wins_probability:", StringComparison.Ordinal)));
        CostProfile read = ProfileFile.Load(ws.Write("p.yaml", yaml));
        Assert.Equal(1, read.ForwardBatch);
        Assert.Equal(0.5, read.FinalTickWinsProbability);
    }
}
