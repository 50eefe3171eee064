namespace FanoutSim.Model.Scenario.Profile;

/// <summary>
/// The program's duration grammar (1s, 500ms, 2m, a plain number of seconds), handed in by the caller because it
/// lives with the file formats, not the model.
/// </summary>
public delegate bool DurationParser(string text, out double seconds);
