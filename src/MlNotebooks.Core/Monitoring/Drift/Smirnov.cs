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

    private static double LowerSum(int n, double x, int nTerms)
    {
        var sum = DoubleDouble.Zero;
        var vmid = n / 2;
        var first = DoubleDouble.TwoSum(1, -x).Pow(n) / new DoubleDouble(x, 0);
        sum += first;
        var cMan = DoubleDouble.One;
        var cExp = 0;
        UpdateBinomial(ref cMan, ref cExp, n, 0);
        for (var j = 1; j < nTerms; j++)
        {
            var t2x = DoubleDouble.Divide(n - j, n) - x;
            var t2 = t2x.PowScaled(n - j, out var t2E);
            var t1x = DoubleDouble.Divide(j, n) + x;
            var t1 = t1x.PowScaled(j - 1, out var t1E);
            var term = (t1 * t2 * cMan).ScaleB(cExp + t1E + t2E);
            if (double.IsFinite(term.Hi) && !term.IsZero) sum += term;
            if (!term.IsZero)
            {
                if (4.0 * (nTerms - j) * Math.Abs(term.Hi) < DblEpsilon * sum.Hi && j != nTerms - 1) break;
            }
            else if (j > vmid) break;
            UpdateBinomial(ref cMan, ref cExp, n, j);
        }
        var prob = sum * x;
        return prob.Hi + prob.Lo;
    }

    private static void UpdateBinomial(ref DoubleDouble cMan, ref int cExp, int n, int j)
    {
        var man = (cMan * DoubleDouble.Divide(n - j, j + 1.0)).Frexp(out var e);
        cExp += e;
        cMan = man;
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
