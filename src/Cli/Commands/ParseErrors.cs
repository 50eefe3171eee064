using System.CommandLine;
using System.CommandLine.Parsing;

namespace FanoutSim.Cli.Commands;

/// <summary>
/// Option parse errors as one line naming the option and the expected form, instead of a .NET type name followed by
/// the whole help.
/// </summary>
internal static class ParseErrors
{
    /// <summary>Prints the errors on one line and returns exit code 2.</summary>
    public static int Report(ParseResult parse)
    {
        string help = $"see fanoutsim {CommandPath(parse.CommandResult)}--help";
        string message = string.Join("; ", parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal));
        return CliErrors.Report($"{message} ({help})");
    }

    private static string Describe(ParseError error)
    {
        (string? name, Type? type, IEnumerable<Token> tokens) = error.SymbolResult switch
        {
            ArgumentResult a when a.Parent is OptionResult o => (o.Option.Name, o.Option.ValueType, a.Tokens),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            _ => ((string?)null, (Type?)null, Enumerable.Empty<Token>()),
        };
        // Only a value that does not convert mentions the CLR type; other messages are already plain.
        if (name is null || type is null || !error.Message.Contains("System.", StringComparison.Ordinal))
        {
            return error.Message.TrimEnd('.');
        }
        string got = string.Join(" ", tokens.Select(t => t.Value));
        return $"{name}: expected {Expected(type)}, got '{got}'";
    }

    private static string Expected(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        }
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
                or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number such as 0.95",
            TypeCode.Boolean => "true or false",
            _ => "a value",
        };
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is CommandResult c && c.Parent is not null; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }
        return names.Count == 0 ? "" : string.Join(" ", names) + " ";
    }
}
