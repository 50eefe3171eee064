using System.Text;
using FanoutSim.LoadGen;
using FanoutSim.Model.Scenarios;
using FanoutSim.Model.Scenarios.Profile;

namespace FanoutSim.Cli.Files;

/// <summary>Writes a cost profile as the YAML that ProfileFile reads, with notes on how it was made.</summary>
public static class ProfileWriter
{
    /// <param name="fittedHost">the host kind every run of the fit ran on; null (no key) when they ran on several
    /// or on hosts of unknown kind</param>
    public static string Format(CostProfile p, string description, IEnumerable<string> fittedOn, string fitNotes,
        HostKind? fittedHost = null)
    {
        var y = new StringBuilder();
        y.AppendLine($"name: {p.Name}");
        y.AppendLine("description: >-");
        y.AppendLine("  " + description);
        y.AppendLine($"fitted_on: [{string.Join(", ", fittedOn)}]");
        if (fittedHost is not null)
        {
            y.AppendLine($"{ProfileFile.FittedHostKey}: {fittedHost.ToText()}");
        }
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
