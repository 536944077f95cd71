namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// One column of one window, prepared for the tests: numbers with NaN and ±infinity dropped (sorted on first use), or
/// labels with nulls dropped (as Evidently drops them before testing).
/// </summary>
public sealed class DriftSample
{
    private readonly Lazy<double[]> _sorted;

    private DriftSample(ColumnKinds kind, double[]? values, bool sorted, string[]? labels)
    {
        Kind = kind;
        Values = values ?? [];
        Labels = labels ?? [];
        var v = Values;
        _sorted = sorted ? new Lazy<double[]>(v) : new Lazy<double[]>(() =>
        {
            var copy = (double[])v.Clone();
            RadixSort.Sort(copy);
            return copy;
        });
    }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKinds Kind { get; }

    /// <summary>The finite values in their original order (numeric samples).</summary>
    public double[] Values { get; }

    /// <summary>The finite values in ascending order (numeric samples; sorted once, on first use).</summary>
    public double[] Sorted => _sorted.Value;

    /// <summary>The non-null labels (categorical samples).</summary>
    public string[] Labels { get; }

    /// <summary>How many values the tests see.</summary>
    public int Count => Kind == ColumnKinds.Numeric ? Values.Length : Labels.Length;

    /// <summary>A numeric sample: drops NaN and ±infinity (and makes -0.0 0.0).</summary>
    public static DriftSample Numeric(ReadOnlySpan<double> values)
    {
        var kept = new double[values.Length];
        var n = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) kept[n++] = v == 0 ? 0.0 : v;
        if (n != kept.Length) Array.Resize(ref kept, n);
        return new DriftSample(ColumnKinds.Numeric, kept, false, null);
    }

    /// <summary>A numeric sample from values already finite and sorted ascending (not checked).</summary>
    public static DriftSample FromSorted(double[] sorted) => new(ColumnKinds.Numeric, sorted, true, null);

    /// <summary>A categorical sample: drops nulls (an array without nulls is used as it is, not copied).</summary>
    public static DriftSample Categorical(IEnumerable<string?> values)
    {
        if (values is string?[] array && Array.IndexOf(array, null) < 0) return new DriftSample(ColumnKinds.Categorical, null, false, array!);
        var kept = new List<string>();
        foreach (var v in values)
            if (v is not null) kept.Add(v);
        return new DriftSample(ColumnKinds.Categorical, null, false, kept.ToArray());
    }
}
