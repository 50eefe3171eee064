using System.Text.Json;

namespace FanoutSim.Model.Results;

/// <summary>`session` and `reconnect`: a JSON number of seconds for a fixed length, an object of the law's keys
/// otherwise.</summary>
public sealed class RunDurationJsonConverter : NumberOrLawJsonConverter<RunDuration>
{
    protected override string What => "a session or reconnect length";

    protected override string NumberExpected => "seconds";

    protected override string LawExample => "{\"distribution\": \"exponential\", \"mean\": 60}";

    protected override string Distributions => "exponential, lognormal or uniform";

    protected override RunDuration FromNumber(ref Utf8JsonReader reader)
    {
        double seconds = reader.GetDouble();
        return seconds >= 0 && double.IsFinite(seconds)
            ? RunDuration.Fixed(seconds)
            : throw new JsonException($"{What} is {seconds}; expected seconds, 0 or more");
    }

    protected override RunDuration FromLaw(RunLaw law) =>
        new(null, law.Distribution, law.Mean, law.Median, law.Sigma, law.Min, law.Max);

    protected override RunLaw? LawOf(RunDuration value) => value.Distribution is null
        ? null
        : new RunLaw(value.Distribution, value.Mean, value.Median, value.Sigma, value.Min, value.Max);

    protected override double NumberOf(RunDuration value) => value.Seconds ?? 0;
}
