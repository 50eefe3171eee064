namespace FanoutSim.Cli.Files;

/// <summary>Bad input in a file the user gave us: where it is, which key, and what was expected.</summary>
public sealed class InputException : Exception
{
    public InputException(string file, long line, long column, string? key, string message)
        : base(Format(file, line, column, key, message))
    {
        File = file;
        Line = line;
        Column = column;
        Key = key;
    }

    public string File { get; }

    public long Line { get; }

    public long Column { get; }

    public string? Key { get; }

    private static string Format(string file, long line, long column, string? key, string message)
    {
        string where = line > 0 ? $"{file}:{line}:{column}" : file;
        return key is null ? $"{where}: {message}" : $"{where}: key '{key}': {message}";
    }
}
