namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The Jensen–Shannon distance (Evidently's <c>jensenshannon</c>): scipy.spatial.distance.jensenshannon of the two
/// windows' shares on Evidently's bins (no zero filling), natural logarithm.
/// </summary>
public static class JensenShannonTest
{
    /// <summary>The registered test: numeric and categorical columns, drift when the distance is at least 0.1.</summary>
    public static StatTest Test { get; } = new("jensenshannon", "Jensen-Shannon distance", ColumnKinds.Numeric | ColumnKinds.Categorical, 0.1,
        DriftDirection.DistanceAtOrAbove, (r, c) =>
        {
            var (p, q) = Binning.Shares(r, c, fillZeroes: false);
            var d = Distance(p, q);
            return new StatTestResult(d, null, d);
        });

    /// <summary>sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2, after normalizing p and q to sum 1.</summary>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var sp = WassersteinTest.NeumaierSum(p);
        var sq = WassersteinTest.NeumaierSum(q);
        double left = 0, right = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            left += RelEntr(pi, m);
            right += RelEntr(qi, m);
        }
        return Math.Sqrt((left + right) / 2.0);
    }

    /// <summary>scipy.special.rel_entr: x·ln(x/y), 0 at x = 0.</summary>
    internal static double RelEntr(double x, double y)
    {
        if (x > 0 && y > 0) return x * Math.Log(x / y);
        if (x == 0 && y >= 0) return 0;
        return double.PositiveInfinity;
    }
}
