namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// A column's mergeable summary: exact moments (numeric), a KLL quantile sketch (numeric), a HyperLogLog distinct
/// count, and frequent values (categorical). Profiles of two windows merge without the raw rows; drift from them is
/// approximate (exact statistics need the raw windows, see Monitoring/Drift).
/// </summary>
/// <param name="Name">The column.</param>
/// <param name="Kind">"numeric" or "categorical".</param>
/// <param name="Rows">Rows seen, missing ones included.</param>
/// <param name="Moments">Count, nulls, min, max, mean, variance (numeric; Zero for categorical).</param>
/// <param name="Quantiles">The quantile sketch (numeric; empty for categorical).</param>
/// <param name="Distinct">The distinct-count sketch.</param>
/// <param name="Frequent">The frequent values (categorical; empty for numeric).</param>
/// <param name="Nulls">Missing labels (categorical; numeric nulls are in <see cref="Moments"/>).</param>
public sealed record ColumnProfile(string Name, string Kind, long Rows, Moments Moments, KllSketch Quantiles, HyperLogLog Distinct, FrequentItems Frequent, long Nulls)
{
    /// <summary>Profiles one column.</summary>
    public static ColumnProfile Of(TableColumn column)
    {
        var hll = new HyperLogLog();
        var kll = new KllSketch();
        var frequent = new FrequentItems();
        if (column.IsNumeric)
        {
            foreach (var v in column.Numbers!)
                if (double.IsFinite(v)) { hll.Add(v); kll.Add(v); }
            return new(column.Name, column.KindName, column.Length, Moments.Of(column.Numbers), kll, hll, frequent, 0);
        }
        long nulls = 0;
        foreach (var l in column.Labels!)
        {
            if (l is null) { nulls++; continue; }
            hll.Add(l);
            frequent.Add(l);
        }
        return new(column.Name, column.KindName, column.Length, Moments.Zero, kll, hll, frequent, nulls);
    }

    /// <summary>The profile of both windows together; the columns must agree in name and kind.</summary>
    public ColumnProfile Merge(ColumnProfile other)
    {
        if (other.Name != Name || other.Kind != Kind)
            throw MlnbException.Invalid($"cannot merge the profile of {Kind} column '{Name}' with that of {other.Kind} column '{other.Name}'");
        return new(Name, Kind, Rows + other.Rows, Moments.Merge(other.Moments), Quantiles.Merge(other.Quantiles), Distinct.Merge(other.Distinct), Frequent.Merge(other.Frequent), Nulls + other.Nulls);
    }
}
