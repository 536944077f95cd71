namespace MlNotebooks.Monitoring.Drift;

/// <summary>The few special functions the tests need: log-gamma, the regularized incomplete gamma functions, the normal CDF.</summary>
internal static class SpecialFunctions
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>ln Γ(x) for x &gt; 0: shifted up to 15 and Stirling's series there (absolute error about 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x <= 0 || double.IsNaN(x)) return double.NaN;
        var shift = 0.0;
        while (x < 15)
        {
            shift += Math.Log(x);
            x += 1;
        }
        var z = 1 / (x * x);
        var series = (1.0 / 12 - z * (1.0 / 360 - z * (1.0 / 1260 - z * (1.0 / 1680 - z * (1.0 / 1188 - z * (691.0 / 360360 - z * (1.0 / 156))))))) / x;
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + series - shift;
    }

    /// <summary>The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) (scipy.special.gammaincc).</summary>
    public static double GammaQ(double a, double x)
    {
        if (double.IsNaN(a) || double.IsNaN(x) || a <= 0 || x < 0) return double.NaN;
        if (x == 0) return 1.0;
        if (double.IsPositiveInfinity(x)) return 0.0;
        if (x < a + 1) return 1.0 - GammaPSeries(a, x);
        return GammaQContinuedFraction(a, x);
    }

    /// <summary>The regularized lower incomplete gamma function P(a, x).</summary>
    public static double GammaP(double a, double x)
    {
        if (double.IsNaN(a) || double.IsNaN(x) || a <= 0 || x < 0) return double.NaN;
        if (x == 0) return 0.0;
        if (double.IsPositiveInfinity(x)) return 1.0;
        if (x < a + 1) return GammaPSeries(a, x);
        return 1.0 - GammaQContinuedFraction(a, x);
    }

    private static double Prefactor(double a, double x) => Math.Exp(-x + a * Math.Log(x) - LogGamma(a));

    private static double GammaPSeries(double a, double x)
    {
        var ap = a;
        var del = 1.0 / a;
        var sum = del;
        for (var n = 0; n < 100000; n++)
        {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.Abs(del) < Math.Abs(sum) * Eps * 0.5) break;
        }
        return sum * Prefactor(a, x);
    }

    private static double GammaQContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 100000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < Eps * 0.5) break;
        }
        return Prefactor(a, x) * h;
    }

    /// <summary>erf(x) through P(1/2, x²).</summary>
    public static double Erf(double x) => Math.Sign(x) * GammaP(0.5, x * x);

    /// <summary>erfc(x) for x ≥ 0 through Q(1/2, x²).</summary>
    public static double Erfc(double x) => x < 0 ? 2 - GammaQ(0.5, x * x) : GammaQ(0.5, x * x);

    /// <summary>The standard normal CDF, arranged as cephes' ndtr (scipy.stats.norm.cdf).</summary>
    public static double NormalCdf(double a)
    {
        const double sqrth = 0.70710678118654752440;
        var x = a * sqrth;
        var z = Math.Abs(x);
        if (z < sqrth) return 0.5 + 0.5 * Erf(x);
        var y = 0.5 * Erfc(z);
        return x > 0 ? 1.0 - y : y;
    }

    /// <summary>The chi-squared survival function with k degrees of freedom (scipy.stats.chi2.sf).</summary>
    public static double ChiSquaredSf(double x, double k) => x < 0 ? 1.0 : GammaQ(k / 2.0, x / 2.0);
}
