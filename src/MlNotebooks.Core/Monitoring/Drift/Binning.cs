namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// Evidently's <c>get_binned_data</c>: shares of each window per bin. Numeric columns with more than 20 distinct
/// reference values are cut into numpy's Sturges bins over both windows together; other columns are counted per
/// value over the union of values. With <c>fillZeroes</c>, empty bins get a small share (min/10⁶ or 10⁻⁴).
/// </summary>
public static class Binning
{
    /// <summary>The reference and current shares per bin.</summary>
    public static (double[] Reference, double[] Current) Shares(DriftSample reference, DriftSample current, bool fillZeroes)
    {
        if (reference.Count == 0 || current.Count == 0) throw MlnbException.Invalid("binning needs values in both windows; one of them is empty");
        double[] r, c;
        if (reference.Kind == ColumnKinds.Numeric && ValueCounts.DistinctCount(reference) > 20)
        {
            var edges = SturgesEdges(reference.Sorted, current.Sorted);
            r = Histogram(reference.Sorted, edges, reference.Count);
            c = Histogram(current.Sorted, edges, current.Count);
        }
        else
        {
            var counts = ValueCounts.Of(reference, current);
            r = new double[counts.Keys.Length];
            c = new double[counts.Keys.Length];
            for (var i = 0; i < r.Length; i++)
            {
                r[i] = counts.Reference[i] / (double)reference.Count;
                c[i] = counts.Current[i] / (double)current.Count;
            }
        }
        if (fillZeroes)
        {
            FillZeroes(r);
            FillZeroes(c);
        }
        return (r, c);
    }

    /// <summary>np.histogram_bin_edges(concat, bins="sturges") for two sorted samples.</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var first = Math.Min(a[0], b[0]);
        var last = Math.Max(a[^1], b[^1]);
        var size = a.Length + b.Length;
        if (first == last) { first -= 0.5; last += 0.5; }
        var ptp = Math.Max(a[^1], b[^1]) - Math.Min(a[0], b[0]);
        var width = ptp / (Math.Log2(size) + 1.0);
        var nBins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        var edges = new double[nBins + 1];
        var step = (last - first) / nBins;
        for (var i = 0; i <= nBins; i++) edges[i] = i * step + first;
        edges[nBins] = last;
        return edges;
    }

    /// <summary>np.histogram(values, edges)[0] / total for sorted values: bins closed on the left, the last also on the right.</summary>
    public static double[] Histogram(ReadOnlySpan<double> sorted, double[] edges, int total)
    {
        var counts = new double[edges.Length - 1];
        // cum[k] = number of values < edges[k] (the last: ≤), found by one walk since both are sorted.
        var idx = 0;
        var prev = 0;
        for (var k = 1; k < edges.Length; k++)
        {
            var edge = edges[k];
            if (k < edges.Length - 1) while (idx < sorted.Length && sorted[idx] < edge) idx++;
            else while (idx < sorted.Length && sorted[idx] <= edge) idx++;
            counts[k - 1] = idx - prev;
            prev = idx;
        }
        // Values below the first edge are not counted (none here: the edges span both samples).
        var below = 0;
        while (below < sorted.Length && sorted[below] < edges[0]) below++;
        counts[0] -= below;
        for (var i = 0; i < counts.Length; i++) counts[i] /= total;
        return counts;
    }

    private static void FillZeroes(double[] shares)
    {
        var min = double.PositiveInfinity;
        foreach (var s in shares)
            if (s != 0 && s < min) min = s;
        var fill = double.IsPositiveInfinity(min) ? 0.0001 : min <= 0.0001 ? min / 1e6 : 0.0001;
        for (var i = 0; i < shares.Length; i++)
            if (shares[i] == 0) shares[i] = fill;
    }
}
