namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The first Wasserstein distance divided by the reference's standard deviation (Evidently's <c>wasserstein</c>):
/// scipy.stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001). One merge walk over the sorted samples.
/// </summary>
public static class WassersteinTest
{
    /// <summary>The registered test: numeric columns, drift when the normed distance is at least 0.1.</summary>
    public static StatTest Test { get; } = new("wasserstein", "Wasserstein distance (normed)", ColumnKinds.Numeric, 0.1,
        DriftDirection.DistanceAtOrAbove, (r, c) => { var d = Normed(r.Sorted, c.Sorted); return new StatTestResult(d, null, d); });

    /// <summary>The distance normed by the reference's population standard deviation (at least 0.001).</summary>
    public static double Normed(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var norm = Math.Max(StandardDeviation(sortedReference), 0.001);
        return Distance(sortedReference, sortedCurrent) / norm;
    }

    /// <summary>The first Wasserstein distance between two samples sorted ascending (scipy.stats.wasserstein_distance).</summary>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length == 0 || v.Length == 0) throw MlnbException.Invalid("the Wasserstein distance needs values in both windows; one of them is empty");
        double nu = u.Length, nv = v.Length;
        int i = 0, j = 0;
        var total = u.Length + v.Length;
        var current = j >= v.Length || (i < u.Length && u[i] <= v[j]) ? u[i++] : v[j++];
        double sum = 0, comp = 0;
        for (var k = 1; k < total; k++)
        {
            var next = j >= v.Length || (i < u.Length && u[i] <= v[j]) ? u[i] : v[j];
            var delta = next - current;
            if (delta != 0)
            {
                // After consuming everything up to `current`: i values of u and j of v are ≤ current.
                var term = Math.Abs(i / nu - j / nv) * delta;
                var t = sum + term;
                comp += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
                sum = t;
            }
            if (j >= v.Length || (i < u.Length && u[i] <= v[j])) i++; else j++;
            current = next;
        }
        return sum + comp;
    }

    /// <summary>The population standard deviation (np.std, ddof 0), with compensated sums.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        var mean = NeumaierSum(values) / values.Length;
        double sum = 0, comp = 0;
        foreach (var x in values)
        {
            var d = (x - mean) * (x - mean);
            var t = sum + d;
            comp += Math.Abs(sum) >= Math.Abs(d) ? (sum - t) + d : (d - t) + sum;
            sum = t;
        }
        return Math.Sqrt((sum + comp) / values.Length);
    }

    internal static double NeumaierSum(ReadOnlySpan<double> values)
    {
        double sum = 0, comp = 0;
        foreach (var x in values)
        {
            var t = sum + x;
            comp += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return sum + comp;
    }
}
