namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The registry of drift tests (Evidently's <c>register_stattest</c> table) and the default choice per column
/// (Evidently's <c>_get_default_stattest</c>).
/// </summary>
public static class StatTests
{
    /// <summary>Reference sizes up to this use p-value tests; above it, distances.</summary>
    public const int SmallReferenceRows = 1000;

    /// <summary>Every registered test, by name.</summary>
    public static IReadOnlyDictionary<string, StatTest> All { get; } = new[]
    {
        KsTest.Test, ChiSquareTest.Test, ZTest.Test, WassersteinTest.Test, JensenShannonTest.Test, PsiTest.Test,
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The test named <paramref name="name"/>; a clear error listing the names when there is none.</summary>
    public static StatTest Get(string name) => All.TryGetValue(name, out var t) ? t
        : throw MlnbException.Invalid($"unknown stattest '{name}'; use one of {string.Join(", ", All.Keys)}");

    /// <summary>
    /// Evidently's default: with at most 1000 reference rows, KS for numeric columns with more than 5 distinct values,
    /// chi-squared for more than 2, else the Z-test; above 1000 rows, normed Wasserstein for numeric columns with more
    /// than 5 distinct values and Jensen–Shannon otherwise. <paramref name="distinct"/> counts both windows together.
    /// </summary>
    public static StatTest ChooseDefault(ColumnKinds kind, int referenceRows, int distinct)
    {
        if (referenceRows <= SmallReferenceRows)
        {
            if (kind == ColumnKinds.Numeric && distinct > 5) return KsTest.Test;
            return distinct > 2 ? ChiSquareTest.Test : ZTest.Test;
        }
        return kind == ColumnKinds.Numeric && distinct > 5 ? WassersteinTest.Test : JensenShannonTest.Test;
    }
}
