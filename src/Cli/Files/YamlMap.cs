using System.Globalization;
using FanoutSim.Model.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FanoutSim.Cli.Files;

/// <summary>
/// A YAML mapping read with positions, so every error names file, line, column and key.
/// Keys must be declared before use; a key nobody asked for is reported as unknown.
/// </summary>
public sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly YamlNode _node;
    private readonly HashSet<YamlNode> _overridden = new(ReferenceEqualityComparer.Instance);

    private YamlMap(string file, YamlNode node, string path)
    {
        File = file;
        _node = node;
        Path = path;
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, path.Length == 0 ? null : path, "expected a mapping of 'key: value' lines");
        }
        foreach ((YamlNode? k, YamlNode? v) in mapping.Children)
        {
            if (k is not YamlScalarNode key || key.Value is null)
            {
                throw Error(k, null, "keys must be plain words");
            }
            if (!_entries.TryAdd(key.Value, (key, v)))
            {
                throw Error(k, Qualified(key.Value), "appears twice");
            }
        }
    }

    public string File { get; }

    public string Path { get; }

    public IEnumerable<string> Keys => _entries.Keys;

    public static YamlMap Load(string file)
    {
        if (Directory.Exists(file))
        {
            throw new InputException(file, 0, 0, null, "is a directory; expected a YAML file");
        }
        if (!System.IO.File.Exists(file))
        {
            throw new InputException(file, 0, 0, null, "file not found");
        }
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            string message = e.InnerException?.Message ?? e.Message;
            (int line, int column) = message.Contains("tab", StringComparison.OrdinalIgnoreCase)
                ? FirstTab(file, (int)e.Start.Line) ?? ((int)e.Start.Line, (int)e.Start.Column)
                : ((int)e.Start.Line, (int)e.Start.Column);
            throw new InputException(file, line, column, null, "not valid YAML: " + message);
        }
        if (stream.Documents.Count == 0)
        {
            throw new InputException(file, 1, 1, null, "the file is empty; expected a mapping of 'key: value' lines");
        }
        return new YamlMap(file, stream.Documents[0].RootNode, "");
    }

    /// <summary>
    /// YamlDotNet places a tab error at the start of the scalar before it; the tab itself is what the user must fix.
    /// </summary>
    private static (int Line, int Column)? FirstTab(string file, int fromLine)
    {
        string[] lines = System.IO.File.ReadAllLines(file);
        for (int i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            int column = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }
        return null;
    }

    /// <summary>Fails on the first key that is not in <paramref name="known"/>.</summary>
    public void RejectUnknown(IReadOnlyCollection<string> known)
    {
        foreach ((string? name, (YamlScalarNode? key, YamlNode _)) in _entries)
        {
            if (!known.Contains(name))
            {
                throw Error(key, Qualified(name), $"unknown key; expected one of: {string.Join(", ", known.Order())}");
            }
        }
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The key's value is a mapping (not a single value or a list).</summary>
    public bool HasMap(string key) => _entries.TryGetValue(key, out (YamlScalarNode _, YamlNode Value) entry)
        && entry.Value is YamlMappingNode;

    /// <summary>
    /// Replaces (or adds) top-level values, as `--set key=value` or a sweep's `--vary` does; errors in
    /// them name the override instead of a file position.
    /// </summary>
    public void Override(IReadOnlyDictionary<string, string> values)
    {
        foreach ((string? key, string? value) in values)
        {
            var node = new YamlScalarNode(value);
            _overridden.Add(node);
            _entries[key] = (new YamlScalarNode(key), node);
            _overridden.Add(_entries[key].Key);
        }
    }

    public YamlMap Map(string key) => new(File, Value(key, required: true)!, Qualified(key));

    public IEnumerable<(string Name, YamlMap Map)> Maps()
    {
        foreach ((string? name, (YamlScalarNode _, YamlNode? value)) in _entries)
        {
            yield return (name, new YamlMap(File, value, Qualified(name)));
        }
    }

    /// <summary>
    /// The items of a list key, each a mapping read at path `key[i]` so its errors name that item; null when the key
    /// is absent. A value that is not a list of mappings is refused with <paramref name="expected"/>.
    /// </summary>
    public IReadOnlyList<YamlMap>? MapList(string key, string expected)
    {
        YamlNode? node = Value(key, required: false);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, Qualified(key), expected);
        }
        var items = new List<YamlMap>(sequence.Children.Count);
        foreach (YamlNode item in sequence.Children)
        {
            string path = Qualified(key) + "[" + items.Count.ToString(CultureInfo.InvariantCulture) + "]";
            items.Add(item is YamlMappingNode ? new YamlMap(File, item, path) : throw Error(item, path, expected));
        }
        return items;
    }

    /// <summary>
    /// A list of numbers (`key: [1, 0.9]` or one `- x` a line), each more than <paramref name="exclusiveMin"/>; null
    /// when the key is absent. A bad item is reported at its own position, as `key[i]`.
    /// </summary>
    public double[]? Numbers(string key, double exclusiveMin)
    {
        YamlNode? node = Value(key, required: false);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, Qualified(key), "expected a list of numbers, such as [1.02, 0.97, 0.5]");
        }
        double[] values = new double[sequence.Children.Count];
        for (int i = 0; i < values.Length; i++)
        {
            YamlNode item = sequence.Children[i];
            string path = Qualified(key) + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            string? text = (item as YamlScalarNode)?.Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                throw Error(item, path, $"expected a number, got '{Echoed.Capped(text ?? "")}'");
            }
            if (!(value > exclusiveMin))
            {
                throw Error(item, path, $"must be more than {exclusiveMin.ToString(CultureInfo.InvariantCulture)}, "
                    + $"got {value.ToString(CultureInfo.InvariantCulture)}");
            }
            values[i] = value;
        }
        return values;
    }

    public string String(string key, string? fallback = null) => Scalar(key, fallback is null) ?? fallback!;

    public int Int(string key, int? fallback = null, int min = int.MinValue)
    {
        string? text = Scalar(key, fallback is null);
        if (text is null)
        {
            return fallback!.Value;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw ValueError(key, $"expected a whole number, got '{Echoed.Capped(text)}'");
        }
        if (value < min)
        {
            throw ValueError(key, $"expected a whole number of at least {min}, got {value}");
        }
        return value;
    }

    public ulong ULong(string key, ulong fallback)
    {
        string? text = Scalar(key, required: false);
        if (text is null)
        {
            return fallback;
        }
        if (!ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong value))
        {
            throw ValueError(key, $"expected a whole number of zero or more, got '{Echoed.Capped(text)}'");
        }
        return value;
    }

    public double Number(string key, double? fallback = null, double min = double.NegativeInfinity,
        bool exclusiveMin = false)
    {
        string? text = Scalar(key, fallback is null);
        if (text is null)
        {
            return fallback!.Value;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            throw ValueError(key, $"expected a number, got '{Echoed.Capped(text)}'");
        }
        CheckMin(key, value, min, exclusiveMin, "");
        return value;
    }

    /// <summary>A duration in seconds: a plain number, or a number with ms, s, m or h.</summary>
    public double Seconds(string key, double? fallback = null, double min = double.NegativeInfinity,
        bool exclusiveMin = false)
    {
        string? text = Scalar(key, fallback is null);
        if (text is null)
        {
            return fallback!.Value;
        }
        if (!DurationText.TryParse(text, out double value))
        {
            throw ValueError(key, $"expected a duration such as 1s, 500ms or 2m, got '{Echoed.Capped(text)}'");
        }
        CheckMin(key, value, min, exclusiveMin, " s");
        return value;
    }

    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices, string? fallback = null)
    {
        string text = String(key, fallback);
        if (!choices.TryGetValue(text, out T? value))
        {
            throw ValueError(key, $"expected one of {string.Join(", ", choices.Keys)}, got '{Echoed.Capped(text)}'");
        }
        return value;
    }

    public InputException ValueError(string key, string message)
    {
        YamlNode node = Value(key, required: false) ?? _node;
        return Error(node, Qualified(key), message);
    }

    public InputException Error(string message) => Error(_node, Path.Length == 0 ? null : Path, message);

    private void CheckMin(string key, double value, double min, bool exclusive, string unit)
    {
        if (exclusive ? !(value > min) : !(value >= min))
        {
            string bound = exclusive ? "more than" : "at least";
            throw ValueError(key,
                $"must be {bound} {min.ToString(CultureInfo.InvariantCulture)}{unit}, got " +
                $"{value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private string? Scalar(string key, bool required)
    {
        YamlNode? node = Value(key, required);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlScalarNode scalar || scalar.Value is null || scalar.Value.Length == 0)
        {
            throw Error(node, Qualified(key), "expected a single value");
        }
        return scalar.Value;
    }

    private YamlNode? Value(string key, bool required)
    {
        if (_entries.TryGetValue(key, out (YamlScalarNode Key, YamlNode Value) entry))
        {
            return entry.Value;
        }
        if (required)
        {
            throw Error(_node, Qualified(key), "missing; this key is required");
        }
        return null;
    }

    private string Qualified(string key) => Path.Length == 0 ? key : Path + "." + key;

    private InputException Error(YamlNode node, string? key, string message) =>
        _overridden.Contains(node)
            ? new InputException($"{File} (overridden on the command line)", 0, 0, key, message)
            : new(File, node.Start.Line, node.Start.Column, key, message);
}
