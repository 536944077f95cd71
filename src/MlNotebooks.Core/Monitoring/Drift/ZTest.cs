namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The two-proportion Z-test for binary columns (Evidently's <c>z</c>): the share of one value in each window,
/// pooled standard error, p = 2·(1 - Φ(|z|)) computed as Evidently does.
/// </summary>
public static class ZTest
{
    /// <summary>The registered test: numeric and categorical columns, drift when p &lt; 0.05.</summary>
    public static StatTest Test { get; } = new("z", "Z-test p_value", ColumnKinds.Numeric | ColumnKinds.Categorical, 0.05,
        DriftDirection.PValueBelow, (r, c) =>
        {
            var counts = ValueCounts.Of(r, c);
            var (z, p) = Compute(counts.Reference, counts.Current);
            return new StatTestResult(z, p, p);
        });

    /// <summary>z and p from counts per value; the first key is the "0" outcome, all others "1".</summary>
    public static (double Statistic, double PValue) Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        long n1 = 0, n2 = 0;
        foreach (var x in reference) n1 += x;
        foreach (var x in current) n2 += x;
        if (n1 == 0 || n2 == 0) throw MlnbException.Invalid("the Z-test needs values in both windows; one of them is empty");
        var refUnique = 0;
        var curUnique = 0;
        var same = true;
        for (var i = 0; i < reference.Length; i++)
        {
            if (reference[i] > 0) refUnique++;
            if (current[i] > 0) curUnique++;
            if ((reference[i] > 0) != (current[i] > 0)) same = false;
        }
        if (refUnique == 1 && curUnique == 1 && same) return (0.0, 1.0);
        var p1 = (n1 - reference[0]) / (double)n1;
        var p2 = (n2 - current[0]) / (double)n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return (z, 2 * (1 - SpecialFunctions.NormalCdf(Math.Abs(z))));
    }
}
