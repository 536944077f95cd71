namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// One statistical test for column drift, declared as data (Evidently's <c>StatTest</c>): its name, the column kinds
/// it accepts, its default threshold and the direction in which the score is read.
/// </summary>
/// <param name="Name">The name used in options and reports (<c>ks</c>, <c>chisquare</c>, <c>psi</c>, ...).</param>
/// <param name="DisplayName">What a report shows, e.g. "K-S p_value".</param>
/// <param name="ColumnKinds">The column kinds the test accepts.</param>
/// <param name="DefaultThreshold">The threshold used when none is given.</param>
/// <param name="Direction">Whether the score is a p-value (drift below) or a distance (drift at or above).</param>
/// <param name="Compute">Computes the test on a reference and a current sample of one column.</param>
public sealed record StatTest(
    string Name,
    string DisplayName,
    ColumnKinds ColumnKinds,
    double DefaultThreshold,
    DriftDirection Direction,
    Func<DriftSample, DriftSample, StatTestResult> Compute)
{
    /// <summary>True when the test accepts columns of <paramref name="kind"/>.</summary>
    public bool Accepts(ColumnKinds kind) => (ColumnKinds & kind) != 0;
}

/// <summary>What a test computed: its statistic, its p-value (p-value tests only) and the score read against the threshold.</summary>
/// <param name="Statistic">The test statistic (KS D, chi-squared, z, or the distance itself).</param>
/// <param name="PValue">The p-value, for tests whose direction is <see cref="DriftDirection.PValueBelow"/>.</param>
/// <param name="Score">The p-value or the distance.</param>
public sealed record StatTestResult(double Statistic, double? PValue, double Score);
