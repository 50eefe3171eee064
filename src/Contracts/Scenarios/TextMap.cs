namespace FanoutSim.Model.Scenarios;

/// <summary>
/// The one spelling of an enum's values in scenario files, run files and on the command line, so a value
/// reads and prints the same everywhere.
/// </summary>
public sealed class TextMap<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<T, string> _texts = [];

    public TextMap(params (T Value, string Text)[] pairs)
    {
        foreach ((T value, string? text) in pairs)
        {
            _values.Add(text, value);
            _texts.Add(value, text);
        }
        Names = pairs.Select(p => p.Text).ToArray();
    }

    /// <summary>Every accepted text, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Text to value, in declaration order (what a YAML choice accepts).</summary>
    public IReadOnlyDictionary<string, T> Choices => _values;

    /// <summary>"per-connection, per-task": the known names as an error message lists them.</summary>
    public string Known => string.Join(", ", Names);

    public string Text(T value) =>
        _texts.TryGetValue(value, out string? text)
            ? text
            : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public bool TryParse(string? text, out T value)
    {
        value = default;
        return text is not null && _values.TryGetValue(text, out value);
    }

    /// <summary>
    /// The value for <paramref name="text"/>, or a <see cref="FormatException"/> naming the known texts.
    /// </summary>
    public T Parse(string text, string what) =>
        TryParse(text, out T value)
            ? value
            : throw new FormatException($"unknown {what} '{text}'; expected one of {Known}");
}
