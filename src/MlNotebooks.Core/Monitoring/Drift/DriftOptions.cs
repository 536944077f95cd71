namespace MlNotebooks.Monitoring.Drift;

/// <summary>How drift is computed: per-column tests and thresholds, the share of drifted columns that means dataset drift.</summary>
public sealed record DriftOptions
{
    /// <summary>A test for every column (overrides the default choice); null: Evidently's default per column.</summary>
    public string? StatTest { get; init; }

    /// <summary>Tests per column name (override <see cref="StatTest"/> and the default).</summary>
    public IReadOnlyDictionary<string, string> ColumnStatTests { get; init; } = new Dictionary<string, string>();

    /// <summary>A threshold for every column; null: each test's default.</summary>
    public double? Threshold { get; init; }

    /// <summary>Thresholds per column name.</summary>
    public IReadOnlyDictionary<string, double> ColumnThresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The columns to compare; null: every column of the reference.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The model's prediction column: its drift is reported as prediction drift and not counted in the dataset share.</summary>
    public string? PredictionColumn { get; init; }

    /// <summary>The dataset drifts when at least this share of the columns drift (Evidently's drift_share, default 0.5).</summary>
    public double DriftShare { get; init; } = 0.5;

    /// <summary>How many columns are tested at once; 0: one per processor.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks the values; a one-line error naming the bad one.</summary>
    public void Validate()
    {
        if (!(DriftShare > 0 && DriftShare <= 1)) throw MlnbException.Invalid($"drift share {DriftShare} must be in (0, 1]; 0.5 means half the columns");
        if (Threshold is { } t && !(t >= 0 && double.IsFinite(t))) throw MlnbException.Invalid($"threshold {t} must be a finite number ≥ 0");
        foreach (var (c, v) in ColumnThresholds)
            if (!(v >= 0 && double.IsFinite(v))) throw MlnbException.Invalid($"threshold {v} for column '{c}' must be a finite number ≥ 0");
        if (StatTest is not null) StatTests.Get(StatTest);
        foreach (var (_, name) in ColumnStatTests) StatTests.Get(name);
        if (MaxDegreeOfParallelism < 0) throw MlnbException.Invalid("max degree of parallelism must be ≥ 0 (0: one per processor)");
    }
}
