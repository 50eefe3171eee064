using System.CommandLine;
using System.Globalization;
using System.Text;
using FanoutSim.Cli.Output;
using FanoutSim.Cli.Scenarios;
using FanoutSim.Model.Calibration;

namespace FanoutSim.Cli.Commands;

/// <summary>`fanoutsim fit CASES`: fit a cost profile's free parameters to measured reference cases.</summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var cases = new Argument<string>("cases") { Description = "Reference-cases YAML, e.g. calibration/reference-cases.yaml" };
        var free = new Option<string>("--free")
        {
            Description = "Comma-separated profile parameters to fit",
            DefaultValueFactory = _ => "delivery_cpu,inbound_cpu,handshake_cpu,close_cpu,client_rtt,forward_batch",
        };
        var output = new Option<string?>("--out") { Description = "Write the fitted profile here (default: print only)" };
        var evaluations = new Option<int>("--max-evaluations") { DefaultValueFactory = _ => 300, Description = "Objective evaluations at most" };
        var replications = new Option<int>("--replications") { DefaultValueFactory = _ => 2, Description = "Replications per case and evaluation (common seeds)" };
        var command = new Command("fit", "Fit cost-profile parameters to measured cases (Nelder-Mead, common random numbers)")
        {
            cases, free, output, evaluations, replications,
        };
        command.SetAction(parse => CliErrors.Guard(() => Execute(parse.GetValue(cases)!, parse.GetValue(free)!,
            parse.GetValue(output), parse.GetValue(evaluations), parse.GetValue(replications))));
        return command;
    }

    private static int Execute(string casesFile, string freeList, string? output, int maxEvaluations, int replications)
    {
        var (profileName, cases) = CasesFile.Load(casesFile);
        var free = new List<ProfileParameter>();
        foreach (string name in freeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ProfileParameter? p = ProfileParameter.All.FirstOrDefault(x => x.Name == name);
            free.Add(p ?? throw new UsageException($"--free: unknown parameter '{name}'; known: {string.Join(", ", ProfileParameter.All.Select(x => x.Name))}"));
        }
        var start = cases[0].Scenario.Profile;
        var fitter = new ProfileFitter(cases, free, replications, progress =>
        {
            if (progress.Evaluations % 10 == 0)
            {
                Console.Error.WriteLine(FormattableString.Invariant($"fit: {progress.Evaluations} evaluations, error {progress.Error:0.###}, best {progress.BestError:0.###}"));
            }
        });
        double startError = fitter.Error(start);
        FitResult result = fitter.Fit(start, maxEvaluations);
        string notes = Notes(casesFile, free, result, startError, replications);
        Console.WriteLine(notes);
        if (output is not null)
        {
            string description = "Fitted by `fanoutsim fit` to the cases in " + casesFile.Replace('\\', '/') + ".";
            AtomicFile.WriteAllText(output, ProfileWriter.Format(result.Profile with { Name = profileName }, description, cases.Select(c => c.Name), notes));
            Console.WriteLine($"profile written to {output}");
        }
        return 0;
    }

    private static string Notes(string casesFile, IReadOnlyList<ProfileParameter> free, FitResult result, double startError, int replications)
    {
        var n = new StringBuilder();
        n.AppendLine(FormattableString.Invariant($"Command: fanoutsim fit {casesFile} --free {string.Join(",", free.Select(f => f.Name))} --replications {replications}"));
        n.AppendLine(FormattableString.Invariant($"Nelder-Mead in log-parameter space, {result.Evaluations} evaluations, error {startError:0.###} -> {result.Error:0.###}"));
        n.AppendLine("(error = squared misses: 1 pp of ratio, 1 % of delivered/s, 1 % of sent, 0.1 s of session avg each count 1).");
        n.AppendLine("Residuals (observed -> predicted):");
        foreach (FitResidual r in result.Residuals)
        {
            n.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Case}: ratio {r.ObservedRatio:0.000} -> {r.PredictedRatio:0.000}; session avg {r.ObservedSessionAvg:0.00} -> {r.PredictedSessionAvg:0.00} s; delivered/s {r.ObservedDeliveredPerSecond:0.0} -> {r.PredictedDeliveredPerSecond:0.0}"));
        }
        return n.ToString().TrimEnd();
    }
}
