namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The one-sided Smirnov survival function P(D+_n ≥ x), as scipy.special.smirnov computes it: the
/// Birnbaum–Tingey sum in double-double precision with scaled powers (van Mulbregt 2018), the special cases for
/// x ≤ 1/n and x ≥ 1 - 1/n, and the large-n approximation above a million.
/// </summary>
internal static class Smirnov
{
    private const int MaxComputeN = 1_000_000;
    private const double MinLog = -708.3964185322641;
    private const double DblEpsilon = 2.220446049250313e-16;

    /// <summary>The survival function P(D+_n ≥ x).</summary>
    public static double Sf(int n, double x)
    {
        if (!(n > 0 && x >= 0.0 && x <= 1.0)) return double.NaN;
        if (n == 1) return 1 - x;
        if (x == 0.0) return 1.0;
        if (x == 1.0) return 0.0;

        var nxD = DoubleDouble.TwoProd(n, x);
        var nxFloorD = nxD.Floor();
        var alpha = (nxD - nxFloorD).Hi;
        var nxfl = (int)(nxFloorD.Hi + nxFloorD.Lo);
        if (alpha == 1) { nxfl += 1; alpha = 0; }
        var n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        if (alpha == 0) n1mxfl -= 1;

        if (nxfl == 0 || (nxfl == 1 && alpha == 0))
        {
            var t = DoubleDouble.TwoSum(1, x).Pow(n - 1);
            return Clip(1 - x * (t.Hi + t.Lo));
        }
        if (-2 * n * x * x < MinLog) return 0;
        if (nxfl >= n - 1)
        {
            var p = DoubleDouble.TwoSum(1, -x).Pow(n);
            return Clip(p.Hi + p.Lo);
        }
        if (n > MaxComputeN)
        {
            var logp = -Math.Pow(6.0 * n * x + 1, 2) / 18.0 / n;
            return Clip(logp < -Math.Log(2) ? Math.Exp(logp) : 1 - -ExpM1(logp));
        }
        return Clip(LowerSum(n, x, n1mxfl + 1));
    }

    /// <summary>
    /// x · Σ_{v&lt;nTerms} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v), each term from its logarithm: log C(n,v) accumulated with
    /// compensation, the small logarithm log(1-x-v/n) taken from a double-double argument, the sum kept as S·e^L so
    /// nothing underflows. About 1e-13 relative, at one exp and two logs a term; stops once the rest cannot matter.
    /// </summary>
    private static double LowerSum(int n, double x, int nTerms)
    {
        double logC = 0, logCComp = 0;
        double scale = double.NegativeInfinity, sum = 0, comp = 0;
        var peaked = false;
        for (var v = 0; v < nTerms; v++)
        {
            if (v > 0)
            {
                var step = Math.Log((n - v + 1) / (double)v);
                var t = logC + step;
                logCComp += Math.Abs(logC) >= Math.Abs(step) ? (logC - t) + step : (step - t) + logC;
                logC = t;
            }
            var lower = Quotient(n - v, n) - x;          // 1 - x - v/n
            var upper = Quotient(v, n) + x;              // x + v/n
            var logLower = Math.Log(lower.Hi) + lower.Lo / lower.Hi;
            var logUpper = Math.Log(upper.Hi) + upper.Lo / upper.Hi;
            var logTerm = logC + logCComp + (n - v) * logLower + (v - 1) * logUpper;
            if (logTerm > scale)
            {
                var rescale = Math.Exp(scale - logTerm);
                sum *= rescale;
                comp *= rescale;
                scale = logTerm;
                var s1 = sum + 1.0;
                comp += Math.Abs(sum) >= 1.0 ? (sum - s1) + 1.0 : (1.0 - s1) + sum;
                sum = s1;
                continue;
            }
            peaked = true;
            var term = Math.Exp(logTerm - scale);
            var s2 = sum + term;
            comp += Math.Abs(sum) >= Math.Abs(term) ? (sum - s2) + term : (term - s2) + sum;
            sum = s2;
            if (peaked && 4.0 * (nTerms - v) * term < DblEpsilon * sum) break;
        }
        return Math.Exp(scale + Math.Log(x * (sum + comp)));
    }

    /// <summary>a / b as a double-double (one division and a fused multiply-add).</summary>
    private static DoubleDouble Quotient(double a, double b)
    {
        var q = a / b;
        return DoubleDouble.TwoSum(q, Math.FusedMultiplyAdd(-q, b, a) / b);
    }

    private static double Clip(double p) => p < 0 ? 0 : p > 1 ? 1 : p;

    /// <summary>exp(x) - 1 without cancellation for small x.</summary>
    internal static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        // exp(x) - 1 = 2 tanh(x/2) / (1 - tanh(x/2))
        var t = Math.Tanh(x / 2);
        return 2 * t / (1 - t);
    }
}
