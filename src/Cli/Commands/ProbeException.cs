namespace FanoutSim.Cli.Commands;

/// <summary>The speed probe's own process failed or wrote nothing readable (one line, exit code 4).</summary>
public sealed class ProbeException(string message) : Exception(message);
