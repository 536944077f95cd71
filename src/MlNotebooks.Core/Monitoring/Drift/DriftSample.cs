namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// One column of one window, prepared for the tests: numbers sorted with NaN and ±infinity dropped, or labels with
/// nulls dropped (as Evidently drops them before testing).
/// </summary>
public sealed class DriftSample
{
    private DriftSample(ColumnKinds kind, double[]? sorted, string[]? labels)
    {
        Kind = kind;
        Sorted = sorted ?? [];
        Labels = labels ?? [];
    }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKinds Kind { get; }

    /// <summary>The finite values in ascending order (numeric samples).</summary>
    public double[] Sorted { get; }

    /// <summary>The non-null labels (categorical samples).</summary>
    public string[] Labels { get; }

    /// <summary>How many values the tests see.</summary>
    public int Count => Kind == ColumnKinds.Numeric ? Sorted.Length : Labels.Length;

    /// <summary>A numeric sample: drops NaN and ±infinity and sorts.</summary>
    public static DriftSample Numeric(ReadOnlySpan<double> values)
    {
        var kept = new double[values.Length];
        var n = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) kept[n++] = v;
        Array.Resize(ref kept, n);
        Array.Sort(kept);
        return new DriftSample(ColumnKinds.Numeric, kept, null);
    }

    /// <summary>A numeric sample from values already finite and sorted ascending (not checked).</summary>
    public static DriftSample FromSorted(double[] sorted) => new(ColumnKinds.Numeric, sorted, null);

    /// <summary>A categorical sample: drops nulls.</summary>
    public static DriftSample Categorical(IEnumerable<string?> values)
    {
        var kept = new List<string>();
        foreach (var v in values)
            if (v is not null) kept.Add(v);
        return new DriftSample(ColumnKinds.Categorical, null, kept.ToArray());
    }
}
