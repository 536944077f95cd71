namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test (Evidently's <c>ks</c>), equal to scipy.stats.ks_2samp with its default
/// method: exact p-values when both samples have at most 10,000 values, otherwise the distribution of D_n with
/// n = round(n1·n2/(n1+n2)). Sort-based: one merge walk over the two sorted samples.
/// </summary>
public static class KsTest
{
    private const int MaxAutoN = 10000;

    /// <summary>The registered test: numeric columns, drift when p &lt; 0.05.</summary>
    public static StatTest Test { get; } = new("ks", "K-S p_value", ColumnKinds.Numeric, 0.05, DriftDirection.PValueBelow,
        (r, c) => { var (d, p) = Compute(r.Sorted, c.Sorted); return new StatTestResult(d, p, p); });

    /// <summary>The statistic D and its two-sided p-value for two samples sorted ascending.</summary>
    public static (double Statistic, double PValue) Compute(ReadOnlySpan<double> sorted1, ReadOnlySpan<double> sorted2)
    {
        long n1 = sorted1.Length, n2 = sorted2.Length;
        if (n1 == 0 || n2 == 0) throw MlnbException.Invalid("the KS test needs values in both windows; one of them is empty");
        var d = Statistic(sorted1, sorted2);
        var g = Gcd(n1, n2);
        if (Math.Max(n1, n2) <= MaxAutoN)
        {
            var lcm = n1 / g * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            var dExact = h * 1.0 / lcm;
            if (h == 0) return (dExact, 1.0);
            var prob = n1 == n2 ? KsExact.ProbOutsideSquare(n1, h) : KsExact.OuterProbInside(n1, n2, g, h);
            if (prob >= 0 && prob <= 1) return (dExact, prob);
            d = dExact;
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        if (en < 1) throw MlnbException.Invalid($"the KS test cannot give a p-value for samples of {n1} and {n2} values");
        var p = Kolmogorov.Sf(checked((int)en), d);
        return (d, Math.Clamp(p, 0, 1));
    }

    /// <summary>max |F1 - F2| over all values, computed as scipy does (i/n1 - j/n2 at each value).</summary>
    public static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        double maxS = double.NegativeInfinity, minS = double.PositiveInfinity;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            var diff = i / n1 - j / n2;
            if (diff > maxS) maxS = diff;
            if (diff < minS) minS = diff;
        }
        var negMin = Math.Clamp(-minS, 0, 1);
        return negMin > maxS ? negMin : maxS;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
