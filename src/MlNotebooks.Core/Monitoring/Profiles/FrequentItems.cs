namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// The most frequent values (Misra–Gries with 64 counters): every value more frequent than n/65 is kept, and each kept
/// count is low by at most n/65. Merging adds counts and trims back to 64 (Agarwal et al. 2012), with the same bound.
/// </summary>
public sealed class FrequentItems : IMergeable<FrequentItems>
{
    private const int Capacity = 64;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public static FrequentItems Zero => new();

    /// <summary>Values seen.</summary>
    public long Count { get; private set; }

    /// <summary>The largest amount by which a kept count may be low (0 while fewer than 65 distinct values were seen).</summary>
    public long MaxError { get; private set; }

    /// <summary>Kept values with their (lower-bound) counts, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Top => [.. _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)];

    /// <summary>Kept values with their counts, in key order (for storage; see <see cref="ProfileJson"/>).</summary>
    internal IEnumerable<KeyValuePair<string, long>> Counts => _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    /// <summary>A summary from stored counts.</summary>
    internal static FrequentItems Restore(long count, long maxError, IEnumerable<KeyValuePair<string, long>> counts)
    {
        var items = new FrequentItems { Count = count, MaxError = maxError };
        foreach (var (k, v) in counts) items._counts[k] = v;
        return items;
    }

    /// <summary>Adds one value.</summary>
    public void Add(string value)
    {
        Count++;
        if (_counts.TryGetValue(value, out var c)) { _counts[value] = c + 1; return; }
        _counts[value] = 1;
        Trim();
    }

    private void Trim()
    {
        if (_counts.Count <= Capacity) return;
        // Subtract the (Capacity+1)-th largest count from all; drop those that reach zero.
        var cut = _counts.Values.OrderByDescending(v => v).ElementAt(Capacity);
        MaxError += cut;
        foreach (var key in _counts.Keys.ToList())
        {
            var v = _counts[key] - cut;
            if (v <= 0) _counts.Remove(key); else _counts[key] = v;
        }
    }

    /// <inheritdoc />
    public FrequentItems Merge(FrequentItems other)
    {
        var merged = new FrequentItems { Count = Count + other.Count, MaxError = MaxError + other.MaxError };
        foreach (var (k, v) in _counts) merged._counts[k] = v;
        foreach (var (k, v) in other._counts) merged._counts[k] = merged._counts.GetValueOrDefault(k) + v;
        merged.Trim();
        return merged;
    }
}
