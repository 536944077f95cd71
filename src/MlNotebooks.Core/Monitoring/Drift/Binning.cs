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
        if (reference.Kind == ColumnKinds.Numeric && ValueCounts.DistinctCountUpTo(reference.Values, 21) > 20)
        {
            var edges = SturgesEdges(reference.Values, current.Values);
            r = Histogram(reference.Values, edges, reference.Count);
            c = Histogram(current.Values, edges, current.Count);
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

    /// <summary>np.histogram_bin_edges(concat, bins="sturges") for two samples.</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in a) { if (v < min) min = v; if (v > max) max = v; }
        foreach (var v in b) { if (v < min) min = v; if (v > max) max = v; }
        var size = a.Length + b.Length;
        double first = min, last = max;
        if (first == last) { first -= 0.5; last += 0.5; }
        var width = (max - min) / (Math.Log2(size) + 1.0);
        var nBins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        var edges = new double[nBins + 1];
        var step = (last - first) / nBins;
        for (var i = 0; i <= nBins; i++) edges[i] = i * step + first;
        edges[nBins] = last;
        return edges;
    }

    /// <summary>
    /// np.histogram(values, edges)[0] / total: bins closed on the left, the last also on the right. The bin is guessed
    /// from the uniform step and then settled against the edges themselves, so values on an edge land as numpy's
    /// searchsorted puts them.
    /// </summary>
    public static double[] Histogram(ReadOnlySpan<double> values, double[] edges, int total)
    {
        var nBins = edges.Length - 1;
        var counts = new long[nBins];
        var first = edges[0];
        var last = edges[^1];
        var step = (last - first) / nBins;
        foreach (var v in values)
        {
            if (v < first || v > last) continue;
            var idx = (int)Math.Clamp((v - first) / step, 0, nBins - 1);
            while (idx > 0 && v < edges[idx]) idx--;
            while (idx < nBins - 1 && v >= edges[idx + 1]) idx++;
            counts[idx]++;
        }
        var shares = new double[nBins];
        for (var i = 0; i < nBins; i++) shares[i] = counts[i] / (double)total;
        return shares;
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
