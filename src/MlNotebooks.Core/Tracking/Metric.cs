namespace MlNotebooks.Tracking;

/// <summary>One metric point. NaN and ±Infinity are valid values and are stored as such.</summary>
/// <param name="Key">Metric name.</param>
/// <param name="Value">The value.</param>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
/// <param name="Step">Training step (0 when not given).</param>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);
