using System.Text;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Files;

/// <summary>Writes a cost profile as the YAML that ProfileFile reads, with notes on how it was made.</summary>
public static class ProfileWriter
{
    public static string Format(CostProfile p, string description, IEnumerable<string> fittedOn, string fitNotes)
    {
        var y = new StringBuilder();
        y.AppendLine($"name: {p.Name}");
        y.AppendLine("description: >-");
        y.AppendLine("  " + description);
        y.AppendLine($"fitted_on: [{string.Join(", ", fittedOn)}]");
        y.AppendLine("fit: |");
        foreach (string line in fitNotes.Split('\n'))
        {
            y.AppendLine("  " + line.TrimEnd());
        }
        y.AppendLine("costs:");
        foreach (ProfileField field in ProfileFields.All)
        {
            if (field.Written(p))
            {
                y.AppendLine($"  {field.Key}: {field.Text(field.Get(p))}");
            }
        }
        return y.ToString();
    }
}
