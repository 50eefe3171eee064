namespace FanoutSim.Cli.Calibration;

/// <summary>A calibration input that cannot be used: the file and what is wrong with it.</summary>
/// <param name="where">the file with its line and column, when the problem has one</param>
public sealed class RunFileException(string file, string problem, string? where = null)
    : Exception($"{where ?? file}: {problem}")
{
    public string File { get; } = file;

    public string Problem { get; } = problem;
}
