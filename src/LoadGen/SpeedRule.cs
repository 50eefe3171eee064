namespace FanoutSim.LoadGen;

/// <summary>
/// Which of a measured run's speed indexes stands for the machine speed it is predicted at (`calibrate
/// --speed-rule`). A run file keeps every index it has; the rule only picks.
/// </summary>
public enum SpeedRule
{
    /// <summary>
    /// The probes before and after the run, each CPU's weighted by the servers' seconds on it
    /// (speed_index_server_probes, or speed_index_server of a run without the in-run sampler); the probes' mean over
    /// every CPU where the servers' placement was not recorded.
    /// </summary>
    Probes,

    /// <summary>The in-run sampler's speed where the servers ran, second by second; the probes' rule without it, or
    /// where the timeline did not judge its own noise (speed_in_run_noisy absent: the 1 ms sampler).</summary>
    InRun,

    /// <summary>The probes' mean over every CPU, wherever the servers ran (the rule before placement was recorded).
    /// </summary>
    Machine,

    /// <summary>No run's speed: every run is predicted at the profile's own speed.</summary>
    None,

    /// <summary>
    /// The run's speed reference (environment.speed_reference_us_per_copy: the warmed, unquota'd servers' CPU per
    /// copy under one fixed light load, measured just before the run) against anchor runs' of the same mode and task
    /// count (`calibrate --speed-reference-from`), whose speed is taken to be the profile's: the profile's speed_index
    /// x (anchor reference / the run's)^E, E from `--speed-reference-exponent` (default 1). A run without a reference
    /// is refused, never guessed.
    /// </summary>
    Reference,

    /// <summary>
    /// The in-run index as <see cref="InRun"/>, and the run replayed at its per-second speed where the servers ran
    /// relative to that index (the scenario's speed_trace; a second without the servers' CPU: 1); runs without the
    /// sampler fall back as in-run does, at one speed.
    /// </summary>
    InRunTrace,
}
