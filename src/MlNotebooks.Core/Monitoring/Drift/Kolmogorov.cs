namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n (scipy.stats.kstwo.sf),
/// chosen by region as Simard and L'Ecuyer (2011) recommend and scipy does: Ruben–Gambino at the ends, twice the
/// one-sided Smirnov tail, the Durbin matrix (Marsaglia–Tsang–Wang), Pomeranz's recursion, or Pelz–Good.
/// </summary>
internal static class Kolmogorov
{
    private static readonly double E128 = Math.ScaleB(1.0, 128);
    private static readonly double EM128 = Math.ScaleB(1.0, -128);
    private const double MinLog = -708;
    private static readonly double[] StirlingCoeffs =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(D_n ≥ x).</summary>
    public static double Sf(int n, double x)
    {
        if (n <= 0) return double.NaN;
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (var i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
            }
            else prob = Math.Exp(LogNFactorialOverNPowN(n) + n * Math.Log(2 * t - 1));
            return Clip(1.0 - prob);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1.0 - x, n));
        if (x >= 0.5) return Clip(2 * Smirnov.Sf(n, x));

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693) return Clip(1.0 - DurbinCdf(n, x));
            if (nxSquared <= 4) return Clip(1.0 - PomeranzCdf(n, x));
            return Clip(2 * Smirnov.Sf(n, x));
        }
        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Clip(2 * Smirnov.Sf(n, x));
        double cdf;
        if (nxSquared >= 18.0) cdf = 1.0;
        else if (n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4) cdf = DurbinCdf(n, x);
        else cdf = PelzGoodCdf(n, x);
        return Clip(1.0 - cdf);
    }

    private static double Clip(double p) => double.IsNaN(p) ? p : Math.Clamp(p, 0.0, 1.0);

    private static double LogNFactorialOverNPowN(int n)
    {
        var rn = 1.0 / n;
        var z = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoeffs) poly = poly * z + c;
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    /// <summary>Durbin's matrix formula for P(D_n ≤ d), with the power taken by squaring and rescaled by 2^128.</summary>
    internal static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        var nd = n * d;
        if (nd <= 0.5) return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        var hm = new double[m * m];
        for (var i = 1; i < m; i++)
            for (var r = i - 1; r < m; r++) hm[r * m + i] = w[r - (i - 1)];
        for (var r = 0; r < m; r++) hm[r * m] = v[r];
        for (var c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

        var pwr = new double[m * m];
        for (var i = 0; i < m; i++) pwr[i * m + i] = 1;
        var tmp = new double[m * m];
        var nn = n;
        var expnt = 0;
        var hExpnt = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                MatMul(pwr, hm, tmp, m);
                (pwr, tmp) = (tmp, pwr);
                expnt += hExpnt;
            }
            MatMul(hm, hm, tmp, m);
            (hm, tmp) = (tmp, hm);
            hExpnt *= 2;
            if (Math.Abs(hm[(k - 1) * m + (k - 1)]) > E128)
            {
                for (var i = 0; i < hm.Length; i++) hm[i] /= E128;
                hExpnt += 128;
            }
            nn /= 2;
        }
        var p = pwr[(k - 1) * m + (k - 1)];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < EM128) { p *= E128; expnt -= 128; }
        }
        if (expnt != 0) p = Math.ScaleB(p, expnt);
        return Clip(p);
    }

    private static void MatMul(double[] a, double[] b, double[] c, int m)
    {
        Array.Clear(c);
        for (var i = 0; i < m; i++)
        {
            var rowC = c.AsSpan(i * m, m);
            for (var l = 0; l < m; l++)
            {
                var ail = a[i * m + l];
                if (ail == 0) continue;
                var rowB = b.AsSpan(l * m, m);
                for (var j = 0; j < m; j++) rowC[j] += ail * rowB[j];
            }
        }
    }

    private static (int J1, int J2) PomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0) { j1 = -ll - ceilf - 1; j2 = ll + ceilf - 1; }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1) { j1 = n - ll - ceilf - 1; j2 = n + ll + ceilf - 1; }
                else { j1 = ip1div2 - 1 - ll - roundf - 1; j2 = ip1div2 + ll - 1 + ceilf - 1; }
            }
            else { j1 = ip1div2 - 1 - ll - 1; j2 = ip1div2 + ll + roundf - 1; }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pomeranz's recursion for P(D_n ≤ x) (n ≤ 140 in the middle region).</summary>
    internal static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var expnt = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, j2) = PomeranzJ1J2(0, n, ll, ceilf, roundf);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, j2) = PomeranzJ1J2(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == 2 * n + 1 ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 <= 0) continue;
            var aStart = k1 - v0s;
            var aLen = Math.Min(ln2, npwrs - aStart);
            var bLen = Math.Min(ln2, npwrs);
            var convStart = j1 - k1;
            var convLen = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < convLen; c++)
            {
                var kk = convStart + c;
                var s = 0.0;
                var lo = Math.Max(0, kk - (bLen - 1));
                var hi = Math.Min(aLen - 1, kk);
                for (var a = lo; a <= hi; a++) s += v0[aStart + a] * pwrs[kk - a];
                v1[c] = s;
                if (s > max) max = s;
            }
            if (0 < max && max < EM128)
            {
                for (var c = 0; c < v1.Length; c++) v1[c] *= E128;
                expnt -= 128;
            }
            v1s = v0s + j1 - k1;
        }
        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > E128) { ans *= EM128; expnt += 128; }
            ans *= m;
        }
        if (expnt != 0) ans = Math.ScaleB(ans, expnt);
        return Clip(ans);
    }

    /// <summary>The Pelz–Good asymptotic series for P(D_n ≤ x) (large n).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        var z = Math.Sqrt((double)n) * x;
        double z2 = z * z, z3 = z * z * z, z4 = z2 * z2, z6 = z4 * z2;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var qlog = -pi2 / 8 / z2;
        if (qlog < MinLog) return 0.0;
        var q = Math.Exp(qlog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = 6 * z6 + 2 * z4;
        var k2b = (2 * z4 - 5 * z2) * pi2 / 4;
        var k2c = pi4 * (1 - 2 * z2) / 16;
        var k3d = pi6 * (5 - 30 * z2) / 64;
        var k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        var k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qp = Math.Pow(q, 8 * k);
            s0 = s0 * qp + 1.0;
            s1 = s1 * qp + (k1a + k1b * m2);
            s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
            s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        var sq2pi = Math.Sqrt(2 * Math.PI);
        s0 = s0 * q * sq2pi / z;
        s1 = s1 * q * sq2pi / (6 * z4);
        s2 = s2 * q * sq2pi / (72 * Math.Pow(z, 7));
        s3 = s3 * q * sq2pi / (6480 * Math.Pow(z, 10));
        var q2 = Math.Exp(-pi2 / 2 / z2);
        double k2extra = 0, k3extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxk; k > 0; k--)
        {
            double kk = k * (double)k;
            var qp = Math.Pow(q2, kk);
            k2extra += kk * qp;
            var kspi = Math.PI * k;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * kk * qp;
        }
        s2 += k2extra * (pi2 * sq2pi / (-36 * z3));
        s3 += k3extra * (pi2 * sq2pi / (216 * z6));
        var rn = Math.Sqrt((double)n);
        return s0 + s1 / rn + s2 / n + s3 / (n * rn);
    }
}
