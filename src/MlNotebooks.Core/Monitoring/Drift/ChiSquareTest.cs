namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// Pearson's chi-squared test as Evidently applies it (<c>chisquare</c>): observed current counts per value against
/// the reference counts scaled to the current size, scipy.stats.chisquare (k - 1 degrees of freedom). A value the
/// reference never had gives an infinite statistic and p = 0, as in scipy.
/// </summary>
public static class ChiSquareTest
{
    /// <summary>The registered test: numeric and categorical columns, drift when p &lt; 0.05.</summary>
    public static StatTest Test { get; } = new("chisquare", "chi-square p_value", ColumnKinds.Numeric | ColumnKinds.Categorical, 0.05,
        DriftDirection.PValueBelow, (r, c) =>
        {
            var counts = ValueCounts.Of(r, c);
            var (stat, p) = Compute(counts.Reference, counts.Current);
            return new StatTestResult(stat, p, p);
        });

    /// <summary>The statistic and p-value for reference and current counts over the same keys.</summary>
    public static (double Statistic, double PValue) Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        long nRef = 0, nCur = 0;
        foreach (var x in reference) nRef += x;
        foreach (var x in current) nCur += x;
        if (nRef == 0 || nCur == 0) throw MlnbException.Invalid("the chi-squared test needs values in both windows; one of them is empty");
        if (reference.Length < 2) return (0.0, 1.0);
        var kNorm = nCur / (double)nRef;
        var stat = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var expected = reference[i] * kNorm;
            var diff = current[i] - expected;
            stat += diff * diff / expected;
        }
        if (double.IsNaN(stat)) stat = double.PositiveInfinity;
        return (stat, SpecialFunctions.ChiSquaredSf(stat, reference.Length - 1));
    }
}
