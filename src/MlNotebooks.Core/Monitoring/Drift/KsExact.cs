namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// Exact two-sided p-values of the two-sample Kolmogorov–Smirnov statistic by lattice-path counting
/// (Hodges 1958; the 1 - p recursion of Viehmann 2021), as scipy.stats.ks_2samp's exact method.
/// </summary>
internal static class KsExact
{
    /// <summary>P(D ≥ h/lcm) for samples of n1 = n2 = n (Hodges' alternating sum, in Horner form).</summary>
    public static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor(n / (double)h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++) p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /// <summary>The share of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| &lt; h/lcm(m,n).</summary>
    public static double OuterProbInside(long m, long n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var j = minj; j < maxj; j++) a[j] = 0.0;
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((ng * i - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((ng * i + h) / (double)mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            var offset = minj - lastminj;
            double di = i;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                double j = jj + minj;
                val = (a[jj + offset] * di + val * j) / (di + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (var t = maxj - minj; t < maxj - minj + (lastlen - curlen) && t < lenA; t++) a[t] = 1;
        }
        return a[maxj - minj - 1];
    }
}
