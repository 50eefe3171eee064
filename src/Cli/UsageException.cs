namespace FanoutSim.Cli;

/// <summary>A command-line option with a value that cannot be used (reported as one line, exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
