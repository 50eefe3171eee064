using System.Globalization;
using FanoutSim.Model.Results;

namespace FanoutSim.LoadGen;

/// <summary>
/// The `--rooms` grammar: room classes "COUNTxSIZE", comma-separated, in order (30x10,1x100 is 30 rooms of 10 members,
/// then one of 100), read into the classes a run file records.
/// </summary>
public static class RoomSpec
{
    /// <summary>The classes, or null with <paramref name="why"/> naming the wrong class and what is expected.
    /// </summary>
    public static IReadOnlyList<RunRoomClass>? Parse(string text, out string? why)
    {
        var classes = new List<RunRoomClass>();
        foreach (string part in text.Split(','))
        {
            string item = part.Trim();
            int x = item.IndexOf('x', StringComparison.Ordinal);
            if (x < 0 || !Whole(item[..x], out int count) || !Whole(item[(x + 1)..], out int size))
            {
                why = $"class '{item}' of '{text}' is not COUNTxSIZE; expected room classes such as 30x10,1x100 "
                    + "(COUNT rooms of SIZE members each, whole numbers, comma-separated)";
                return null;
            }
            if (count < 1 || size < 1)
            {
                why = $"class '{item}' has {count} room(s) of {size} member(s); expected at least 1 room of at least "
                    + "1 member";
                return null;
            }
            classes.Add(new RunRoomClass(count, size));
        }
        why = null;
        return classes;
    }

    /// <summary>The users the classes place: every member of every class with members of its own (a shared class's
    /// rooms hold users the classes before it placed).</summary>
    public static long Members(IReadOnlyList<RunRoomClass> classes) =>
        classes.Where(c => c.Members is null).Sum(c => (long)c.Count * c.Size);

    /// <summary>The classes as --rooms writes them.</summary>
    public static string Text(IReadOnlyList<RunRoomClass> classes) =>
        string.Join(',', classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count}x{c.Size}")));

    private static bool Whole(string digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
