using System.Diagnostics;
using FanoutSim.Cli.Calibration;
using FanoutSim.Cli.Tests.Infrastructure;

namespace FanoutSim.Cli.Tests.Calibration;

/// <summary>
/// calibration/run-local names a run by everything that makes it another experiment: runs whose servers had other
/// settings (SERVER_ENV, SERVER_CPUS) get names of their own (`run-local --names`, which starts nothing and needs no
/// root), so `fanoutsim calibrate` never takes them for repeats of the default runs.
/// </summary>
public class RunLocalNamesTests
{
    private const string Sweep =
        "# N interval tasks quota bw mode\n400 1 2 0.5 none per-task\n\n300 1 2 0.02 none per-task\n";

    private static (int ExitCode, string[] Lines, string Error) Names(params (string Key, string Value)[] environment)
        => NamesOf(Sweep, environment);

    /// <summary>`run-local --names` of <paramref name="lines"/> with this environment (the server settings' variables
    /// are taken out of the test's own first).</summary>
    private static (int ExitCode, string[] Lines, string Error) NamesOf(string lines,
        params (string Key, string Value)[] environment)
    {
        string root = ScenarioWorkspace.RepositoryRoot();
        string sweep = Path.Combine(Path.GetTempPath(), $"run-local-names-{Guid.NewGuid():N}.txt");
        File.WriteAllText(sweep, lines);
        try
        {
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(root, "calibration", "run-local"));
            start.ArgumentList.Add("--names");
            start.ArgumentList.Add(sweep);
            foreach (string key in new[] { "SERVER_ENV", "SERVER_ENV_TAG", "SERVER_CPUS", "SERVER", "ROOMS" })
            {
                start.Environment.Remove(key);
            }
            foreach ((string key, string value) in environment)
            {
                start.Environment[key] = value;
            }
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "run-local --names did not finish in 60 s");
            return (process.ExitCode, stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries),
                stderr.Result.Trim());
        }
        finally
        {
            File.Delete(sweep);
        }
    }

    [Fact]
    public void Runs_without_server_settings_keep_the_names_they_always_had()
    {
        (int code, string[] lines, string error) =
            Names(("ROOMS", "30x10,1x100"), ("SERVER_CPUS", "machine"), ("SERVER_ENV", ""));

        Assert.Equal((0, ""), (code, error));
        Assert.Equal(["n400-i1-t2-q0.5-bwnone-pertask-rooms-30x10+1x100",
            "n300-i1-t2-q0.02-bwnone-pertask-rooms-30x10+1x100"], lines);
    }

    [Fact]
    public void A_server_setting_with_a_tag_names_its_runs_by_the_tag()
    {
        (int code, string[] lines, _) = Names(("ROOMS", "30x10,1x100"),
            ("SERVER_ENV", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"), ("SERVER_ENV_TAG", "spin0"));

        Assert.Equal(0, code);
        Assert.Equal(["n400-i1-t2-q0.5-bwnone-pertask-env-spin0-rooms-30x10+1x100",
            "n300-i1-t2-q0.02-bwnone-pertask-env-spin0-rooms-30x10+1x100"], lines);
    }

    [Fact]
    public void Without_a_tag_the_name_holds_a_hash_of_the_settings_whatever_their_order()
    {
        (int code, string[] ab, _) = Names(("SERVER_ENV", "DOTNET_A=0 DOTNET_B=1"));
        (_, string[] ba, _) = Names(("SERVER_ENV", "DOTNET_B=1  DOTNET_A=0"));
        (_, string[] other, _) = Names(("SERVER_ENV", "DOTNET_A=1 DOTNET_B=1"));

        Assert.Equal(0, code);
        Assert.Matches("^n400-i1-t2-q0.5-bwnone-pertask-env-[0-9a-f]{8}$", ab[0]);
        Assert.Equal(ab, ba);
        Assert.NotEqual(ab[0], other[0]);
    }

    [Fact]
    public void Server_cpus_other_than_machine_name_the_csharp_runs_only()
    {
        Assert.Equal("n400-i1-t2-q0.5-bwnone-pertask-cpuscontainer", Names(("SERVER_CPUS", "container")).Lines[0]);
        Assert.Equal("n400-i1-t2-q0.5-bwnone-pertask-cpus1", Names(("SERVER_CPUS", "1")).Lines[0]);
        Assert.Equal("py-n400-i1-t2-q0.5-bwnone-pertask",
            Names(("SERVER_CPUS", "container"), ("SERVER", "python")).Lines[0]);
    }

    [Theory]
    [InlineData("SERVER_ENV", "foo", "SERVER_ENV holds KEY=VALUE settings, not 'foo'")]
    [InlineData("SERVER_ENV_TAG", "spin0", "SERVER_ENV_TAG names SERVER_ENV's runs: give SERVER_ENV")]
    [InlineData("SERVER_CPUS", "1.5", "SERVER_CPUS must be machine, container or a core count, not '1.5'")]
    [InlineData("REDIS_SHARDS", "x", "REDIS_SHARDS must be a positive integer, not 'x'")]
    [InlineData("REDIS_TOPOLOGY", "ring",
        "REDIS_TOPOLOGY must be single, client-sharded, cluster or cluster-sharded, not 'ring'")]
    public void Bad_settings_are_refused_in_one_line_with_exit_2(string key, string value, string message)
    {
        (int code, string[] lines, string error) = Names((key, value));

        Assert.Equal((2, 0, "run-local: " + message), (code, lines.Length, error));
    }

    [Fact]
    public void A_sweep_line_short_of_its_fields_is_refused_with_exit_2()
    {
        (int code, string[] lines, string error) = NamesOf("60 1 2\n", []);

        Assert.Equal((2, 0), (code, lines.Length));
        Assert.StartsWith("run-local: sweep line '60 1 2", error);
    }

    [Fact]
    public void A_bad_tag_is_refused_with_exit_2()
    {
        (int code, string[] lines, string error) = Names(("SERVER_ENV", "DOTNET_A=0"), ("SERVER_ENV_TAG", "spin 0"));

        Assert.Equal((2, 0), (code, lines.Length));
        Assert.StartsWith("run-local: SERVER_ENV_TAG must be 1-24 letters", error);
    }

    [Fact]
    public void The_committed_spinning_off_runs_carry_the_names_run_local_gives_them_now()
    {
        // How calibration/rooms-runs-t/measure made them: one run-local per rooms spec, spinning off, tag spin0.
        (string Key, string Value)[] spin0 = [("SERVER_ENV", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"),
            ("SERVER_ENV_TAG", "spin0")];
        string[] named =
        [
            .. NamesOf("400 1 2 0.5 none per-task\n400 1 2 0.025 none per-task\n",
                [("ROOMS", "30x10,1x100"), .. spin0]).Lines,
            .. NamesOf("300 1 2 0.02 none per-task\n", [("ROOMS", "60x5"), .. spin0]).Lines,
        ];
        string folder = Path.Combine(ScenarioWorkspace.RepositoryRoot(), "calibration", "rooms-runs-u-spin0");
        CalibrationRun[] runs = [.. Directory.GetFiles(folder, "*.json").Order().Select(CalibrationInputs.Read)];

        Assert.Equal(3, named.Length);
        Assert.Equal(6, runs.Length);
        foreach (CalibrationRun run in runs)
        {
            string stem = System.Text.RegularExpressions.Regex.Replace(Path.GetFileName(run.File), @"(\.r\d+)?\.json$",
                "");
            Assert.Equal(stem, run.Name);
            Assert.Contains(run.Name, named);
            Assert.Equal("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0", run.ServerSettings);
        }
        Assert.Equal(named.Order(), runs.Select(r => r.Name).Distinct().Order());
    }
}
