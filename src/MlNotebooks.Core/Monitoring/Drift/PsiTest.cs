namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The population stability index (Evidently's <c>psi</c>, on request): Σ (r - c)·ln(r / c) over Evidently's bins
/// with empty bins filled.
/// </summary>
public static class PsiTest
{
    /// <summary>The registered test: numeric and categorical columns, drift when PSI is at least 0.1.</summary>
    public static StatTest Test { get; } = new("psi", "PSI", ColumnKinds.Numeric | ColumnKinds.Categorical, 0.1,
        DriftDirection.DistanceAtOrAbove, (r, c) =>
        {
            var (p, q) = Binning.Shares(r, c, fillZeroes: true);
            var d = Index(p, q);
            return new StatTestResult(d, null, d);
        });

    /// <summary>Σ (r - c)·ln(r / c).</summary>
    public static double Index(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var sum = 0.0;
        for (var i = 0; i < reference.Length; i++) sum += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        return sum;
    }
}
