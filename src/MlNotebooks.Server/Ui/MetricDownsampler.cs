namespace MlNotebooks.Server.Ui;

/// <summary>
/// Reduces a metric curve to what a chart of a given width can show. <see cref="MinMax"/> keeps, per pixel bucket of
/// the x range, the lowest and the highest point in x order (so spikes survive, as in M4 without the redundant
/// ends); <see cref="Lttb"/> is Largest-Triangle-Three-Buckets (Steinarsson 2013), which keeps the shape with one
/// point per bucket. Both keep the first and last points and return indices into the input, ascending.
/// Points with a non-finite value are dropped first (the chart shows them as gaps either way).
/// </summary>
internal static class MetricDownsampler
{
    /// <summary>Indices of at most about 2 × <paramref name="buckets"/> points: per bucket the min and the max.</summary>
    public static List<int> MinMax(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int buckets)
    {
        var finite = Finite(ys);
        if (finite.Count <= 2 * buckets + 2) return finite;
        double x0 = xs[finite[0]], x1 = xs[finite[^1]];
        var width = x1 > x0 ? (x1 - x0) / buckets : 1;
        var keep = new List<int>(2 * buckets + 2) { finite[0] };
        int i = 1, last = finite.Count - 1;
        while (i < last)
        {
            var bucket = Math.Min(buckets - 1, (int)((xs[finite[i]] - x0) / width));
            int lo = finite[i], hi = finite[i];
            for (i++; i < last && Math.Min(buckets - 1, (int)((xs[finite[i]] - x0) / width)) == bucket; i++)
            {
                var k = finite[i];
                if (ys[k] < ys[lo]) lo = k;
                if (ys[k] > ys[hi]) hi = k;
            }
            if (lo == hi) keep.Add(lo);
            else { keep.Add(Math.Min(lo, hi)); keep.Add(Math.Max(lo, hi)); }
        }
        keep.Add(finite[last]);
        return keep;
    }

    /// <summary>Indices of at most <paramref name="threshold"/> points chosen by Largest-Triangle-Three-Buckets.</summary>
    public static List<int> Lttb(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int threshold)
    {
        var finite = Finite(ys);
        var n = finite.Count;
        if (threshold < 3 || n <= threshold) return finite;
        var keep = new List<int>(threshold) { finite[0] };
        var every = (double)(n - 2) / (threshold - 2);
        var a = 0; // position in finite of the last kept point
        for (var b = 0; b < threshold - 2; b++)
        {
            // The average of the next bucket is the third corner of the triangle.
            var nextStart = (int)Math.Floor((b + 1) * every) + 1;
            var nextEnd = Math.Min((int)Math.Floor((b + 2) * every) + 1, n);
            double avgX = 0, avgY = 0;
            for (var j = nextStart; j < nextEnd; j++) { avgX += xs[finite[j]]; avgY += ys[finite[j]]; }
            var count = Math.Max(1, nextEnd - nextStart);
            avgX /= count;
            avgY /= count;
            var start = (int)Math.Floor(b * every) + 1;
            var end = (int)Math.Floor((b + 1) * every) + 1;
            double ax = xs[finite[a]], ay = ys[finite[a]];
            double best = -1;
            var chosen = start;
            for (var j = start; j < end; j++)
            {
                var area = Math.Abs((ax - avgX) * (ys[finite[j]] - ay) - (ax - xs[finite[j]]) * (avgY - ay));
                if (area > best) { best = area; chosen = j; }
            }
            keep.Add(finite[chosen]);
            a = chosen;
        }
        keep.Add(finite[n - 1]);
        return keep;
    }

    private static List<int> Finite(ReadOnlySpan<double> ys)
    {
        var list = new List<int>(ys.Length);
        for (var i = 0; i < ys.Length; i++)
            if (double.IsFinite(ys[i])) list.Add(i);
        return list;
    }
}
