namespace MlNotebooks.Monitoring.Drift;

/// <summary>Counts of each value over the union of two samples' values (Evidently's value_counts on both keys).</summary>
/// <param name="Keys">The distinct values, ascending (numbers) or ordinal (labels).</param>
/// <param name="Reference">How often each key occurs in the reference sample.</param>
/// <param name="Current">How often each key occurs in the current sample.</param>
public sealed record ValueCounts(string[] Keys, long[] Reference, long[] Current)
{
    /// <summary>Counts both samples' values; numeric samples by walking their sorted arrays.</summary>
    public static ValueCounts Of(DriftSample reference, DriftSample current)
    {
        if (reference.Kind == ColumnKinds.Numeric) return OfSorted(reference.Sorted, current.Sorted);
        // One lookup per label: counts grow with the keys, then keys and counts are sorted together.
        var index = new Dictionary<string, int>(FastOrdinal.Instance);
        var refCounts = new List<long>();
        var curCounts = new List<long>();
        foreach (var l in reference.Labels)
        {
            if (!index.TryGetValue(l, out var i)) { i = index.Count; index.Add(l, i); refCounts.Add(0); curCounts.Add(0); }
            refCounts[i]++;
        }
        foreach (var l in current.Labels)
        {
            if (!index.TryGetValue(l, out var i)) { i = index.Count; index.Add(l, i); refCounts.Add(0); curCounts.Add(0); }
            curCounts[i]++;
        }
        var keys = new string[index.Count];
        foreach (var (k, i) in index) keys[i] = k;
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order, StringComparer.Ordinal);
        var r = new long[keys.Length];
        var c = new long[keys.Length];
        for (var i = 0; i < order.Length; i++) { r[i] = refCounts[order[i]]; c[i] = curCounts[order[i]]; }
        return new ValueCounts(keys, r, c);
    }

    private static ValueCounts OfSorted(double[] a, double[] b)
    {
        var keys = new List<double>();
        var r = new List<long>();
        var c = new List<long>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            long ca = 0, cb = 0;
            while (i < a.Length && a[i] == v) { i++; ca++; }
            while (j < b.Length && b[j] == v) { j++; cb++; }
            keys.Add(v);
            r.Add(ca);
            c.Add(cb);
        }
        return new ValueCounts(keys.Select(k => k.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), r.ToArray(), c.ToArray());
    }

    /// <summary>The number of distinct values over both samples (pandas nunique of the concatenation).</summary>
    public static int DistinctCount(DriftSample reference, DriftSample current)
    {
        if (reference.Kind == ColumnKinds.Categorical)
        {
            var set = new HashSet<string>(reference.Labels, StringComparer.Ordinal);
            set.UnionWith(current.Labels);
            return set.Count;
        }
        double[] a = reference.Sorted, b = current.Sorted;
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            n++;
        }
        return n;
    }

    /// <summary>The number of distinct values over both samples, counting no further than <paramref name="limit"/> (no sort).</summary>
    public static int DistinctCountUpTo(DriftSample reference, DriftSample current, int limit)
    {
        if (reference.Kind == ColumnKinds.Categorical)
        {
            var set = new HashSet<string>(FastOrdinal.Instance);
            foreach (var l in reference.Labels) if (set.Add(l) && set.Count >= limit) return limit;
            foreach (var l in current.Labels) if (set.Add(l) && set.Count >= limit) return limit;
            return set.Count;
        }
        var n = DistinctCountUpTo(reference.Values, limit, null);
        return n >= limit ? limit : DistinctCountUpTo(current.Values, limit, reference.Values);
    }

    /// <summary>The number of distinct values in <paramref name="values"/>, counting no further than <paramref name="limit"/>.</summary>
    public static int DistinctCountUpTo(ReadOnlySpan<double> values, int limit) => DistinctCountUpTo(values, limit, null);

    private static int DistinctCountUpTo(ReadOnlySpan<double> values, int limit, double[]? seenFirst)
    {
        var set = new HashSet<double>();
        if (seenFirst is not null)
            foreach (var v in seenFirst) if (set.Add(v) && set.Count >= limit) return limit;
        foreach (var v in values) if (set.Add(v) && set.Count >= limit) return limit;
        return set.Count;
    }

    /// <summary>The number of distinct values in one sample.</summary>
    public static int DistinctCount(DriftSample sample)
    {
        if (sample.Kind == ColumnKinds.Categorical) return new HashSet<string>(sample.Labels, StringComparer.Ordinal).Count;
        var s = sample.Sorted;
        var n = 0;
        for (var i = 0; i < s.Length; i++)
            if (i == 0 || s[i] != s[i - 1]) n++;
        return n;
    }
}

/// <summary>Ordinal string equality with a cheap FNV-1a hash (labels are short; the randomized default hash costs more).</summary>
internal sealed class FastOrdinal : IEqualityComparer<string>
{
    public static readonly FastOrdinal Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string s)
    {
        var h = 2166136261u;
        foreach (var ch in s) h = (h ^ ch) * 16777619u;
        return (int)h;
    }
}
