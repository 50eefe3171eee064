namespace FanoutSim.Cli.Files;

/// <summary>An output file or folder that cannot be written (reported as one line, exit code 3).</summary>
public sealed class OutputException(string message) : Exception(message);
