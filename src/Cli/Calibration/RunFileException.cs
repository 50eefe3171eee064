namespace FanoutSim.Cli.Calibration;

/// <summary>A calibration input that cannot be used: the file and what is wrong with it.</summary>
public sealed class RunFileException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;

    public string Problem { get; } = problem;
}
