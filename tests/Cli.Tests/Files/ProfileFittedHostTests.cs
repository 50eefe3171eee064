using FanoutSim.Cli.Files;
using FanoutSim.Cli.Tests.Infrastructure;
using FanoutSim.LoadGen;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Cli.Tests.Files;

/// <summary>
/// A profile's optional fitted_host: the host kind it was fitted on, written and read in the kind's one text form,
/// refused with its position when it is not in that form.
/// </summary>
public class ProfileFittedHostTests
{
    private static readonly CostProfile s_valid =
        ProfileFile.Load(Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles", "local.yaml"));

    private static readonly HostKind s_host = new("AMD EPYC", 2, 2596.1);

    [Fact]
    public void A_written_fitted_host_reads_back_as_the_same_kind()
    {
        using var ws = new ScenarioWorkspace();
        string yaml = ProfileWriter.Format(s_valid, "d", ["a"], "n", s_host);
        Assert.Contains("\nfitted_host: AMD EPYC, 2 CPUs, 2596.1 MHz\n", yaml);
        ProfileFile.Contents read = ProfileFile.Read(ws.Write("p.yaml", yaml));
        Assert.Equal(s_host, read.FittedHost);
        Assert.Equal(s_valid with { Name = read.Profile.Name }, read.Profile);
    }

    [Fact]
    public void Without_a_host_kind_the_key_is_left_out_and_reads_as_none()
    {
        using var ws = new ScenarioWorkspace();
        string yaml = ProfileWriter.Format(s_valid, "d", ["a"], "n");
        Assert.DoesNotContain("fitted_host", yaml);
        Assert.Null(ProfileFile.Read(ws.Write("p.yaml", yaml)).FittedHost);
    }

    [Theory]
    [InlineData("AMD EPYC")]
    [InlineData("AMD EPYC, 2 CPUs, fast")]
    [InlineData("AMD EPYC, 2 cores, 2096 MHz")]
    public void A_fitted_host_not_in_the_kind_form_is_refused_with_file_line_key_and_form(string text)
    {
        using var ws = new ScenarioWorkspace();
        List<string> lines = ProfileWriter.Format(s_valid, "d", ["a"], "n").Split('\n').ToList();
        int at = lines.FindIndex(l => l.StartsWith("fitted_on:", StringComparison.Ordinal)) + 1;
        lines.Insert(at, "fitted_host: " + text);
        string file = ws.Write("bad.yaml", string.Join('\n', lines));
        string message = Assert.Throws<InputException>(() => ProfileFile.Load(file)).Message;
        Assert.Contains($"bad.yaml:{at + 1}:14: key 'fitted_host': ", message);
        Assert.Contains("expected 'CPU MODEL, N CPUs, MHZ MHz' (e.g. 'AMD EPYC, 2 CPUs, 2096 MHz')", message);
        Assert.Contains($"got '{text}'", message);
    }

    [Fact]
    public void Calibrate_stops_with_exit_2_on_a_start_profile_with_a_bad_fitted_host()
    {
        using var ws = new ScenarioWorkspace();
        string run = Calibration.RunFiles.Write(Path.Combine(ws.Root, "calibration", "runs"),
            Calibration.RunFiles.Measured("a20", 20, 0.97));
        string yaml = ProfileWriter.Format(s_valid, "d", ["a"], "n").Replace("fitted_on: [a]\n",
            "fitted_on: [a]\nfitted_host: somewhere\n", StringComparison.Ordinal);
        string profile = ws.Write("bad.yaml", yaml);
        CliProcess.Result result = CliProcess.Run(ws.Root, "calibrate", run, "--predict-only", "--start", profile);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:5:14: key 'fitted_host': expected 'CPU MODEL, N CPUs, MHZ MHz'", result.Stderr);
    }

    [Theory]
    [InlineData("local", "AMD EPYC, 2 CPUs, 2096 MHz")]
    [InlineData("local-python", "AMD EPYC, 2 CPUs, 2096 MHz")]
    [InlineData("local-epyc-2c-2596mhz", "AMD EPYC, 2 CPUs, 2596.1 MHz")]
    [InlineData("aws-fargate-python", null)]
    public void The_committed_profiles_name_the_host_kind_of_the_runs_they_were_fitted_on(string name,
        string? host)
    {
        string file = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "profiles", name + ".yaml");
        Assert.Equal(host, ProfileFile.Read(file).FittedHost?.ToText());
    }
}
