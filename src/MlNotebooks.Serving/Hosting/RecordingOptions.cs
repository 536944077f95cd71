namespace MlNotebooks.Serving.Hosting;

/// <summary>
/// Sampling of infer requests for monitoring: a share of requests' inputs and outputs go through a bounded channel
/// (dropped and counted when full, never slowing a request) into one Parquet file per model version per window.
/// </summary>
public sealed record RecordingOptions
{
    /// <summary>The folder windows are written under (<c>MODEL/vVERSION/START.parquet</c>).</summary>
    public required string Directory { get; init; }

    /// <summary>The share of requests recorded, 0 &lt; rate ≤ 1 (every 1/rate-th request, deterministically).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>The length of a window; a window's file is written when it closes (and when the server stops).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests the channel holds before new ones are dropped (and counted in <c>mlnb_recording_dropped_total</c>).</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Rows one window keeps at most; later rows of that window are dropped and counted.</summary>
    public int MaxRowsPerWindow { get; init; } = 1_000_000;

    /// <summary>A reference file (CSV or Parquet) the current window is compared with for the drift gauges; null: no drift gauges.</summary>
    public string? DriftReference { get; init; }

    /// <summary>How often the drift gauges are recomputed from the current window.</summary>
    public TimeSpan DriftInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Fewest rows of a window before drift is computed for it.</summary>
    public int DriftMinRows { get; init; } = 30;

    /// <summary>Throws a one-line error for an impossible setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) throw MlnbException.Invalid("the recording folder is empty; give one, e.g. --record-dir recordings");
        if (!(Rate > 0 && Rate <= 1)) throw MlnbException.Invalid($"record rate {Rate} is not in (0, 1]; give e.g. --record-rate 0.1");
        if (Window <= TimeSpan.Zero) throw MlnbException.Invalid($"record window {Window} is not positive; give e.g. --record-window 5m");
        if (Capacity < 1) throw MlnbException.Invalid($"recording capacity {Capacity} must be at least 1");
        if (MaxRowsPerWindow < 1) throw MlnbException.Invalid($"rows per window {MaxRowsPerWindow} must be at least 1");
        if (DriftInterval <= TimeSpan.Zero) throw MlnbException.Invalid($"drift interval {DriftInterval} is not positive; give e.g. --drift-every 1m");
        if (DriftReference is { } r && !File.Exists(r)) throw MlnbException.NotFound($"drift reference '{r}' does not exist; give a CSV or Parquet file with the model's input columns");
    }

    /// <summary>Parses a duration such as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or <c>250ms</c>.</summary>
    public static TimeSpan ParseDuration(string text, string flag)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0) : t.EndsWith('m') ? (t[..^1], 60.0) : t.EndsWith('h') ? (t[..^1], 3600.0) : t.EndsWith('d') ? (t[..^1], 86400.0) : (t, double.NaN);
        if (double.IsNaN(unit) || !double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || v <= 0)
            throw MlnbException.Invalid($"{flag} '{text}' is not a duration; give e.g. 30s, 5m, 1h or 1d");
        return TimeSpan.FromSeconds(v * unit);
    }
}
