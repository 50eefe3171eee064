using System.Text.Json;

namespace FanoutSim.Model.Results;

/// <summary>`message_bytes`: a JSON number for a fixed size, an object of the law's keys otherwise.</summary>
public sealed class RunMessageSizeJsonConverter : NumberOrLawJsonConverter<RunMessageSize>
{
    protected override string What => "message_bytes";

    protected override string NumberExpected => "a number of bytes";

    protected override string LawExample => "{\"distribution\": \"uniform\", \"min\": 200, \"max\": 800}";

    protected override string Distributions => "uniform or lognormal";

    protected override RunMessageSize FromNumber(ref Utf8JsonReader reader) =>
        reader.TryGetInt32(out int bytes) && bytes >= 1
            ? RunMessageSize.Fixed(bytes)
            : throw new JsonException($"{What} is not a whole number of bytes >= 1");

    protected override RunMessageSize FromLaw(RunLaw law) =>
        new(null, law.Distribution, WholeBytes(law.Min, "min"), WholeBytes(law.Max, "max"), law.Median, law.Sigma);

    protected override RunLaw? LawOf(RunMessageSize value) => value.Distribution is null
        ? null
        : new RunLaw(value.Distribution, Median: value.Median, Sigma: value.Sigma, Min: value.Min, Max: value.Max);

    protected override double NumberOf(RunMessageSize value) => value.Bytes ?? 0;

    private int? WholeBytes(double? bytes, string key) => bytes switch
    {
        null => null,
        { } b when b == Math.Floor(b) && b is >= 1 and <= int.MaxValue => (int)b,
        _ => throw new JsonException($"{What} {key} is {bytes}; expected a whole number of bytes >= 1"),
    };
}
