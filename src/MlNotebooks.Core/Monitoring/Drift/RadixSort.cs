namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// Sorts finite doubles ascending by their bits: an LSD radix sort, 11 bits a pass over keys that order as the doubles
/// do (sign flipped, negatives inverted). Linear time; used for the large windows drift compares.
/// </summary>
internal static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const int SmallArray = 4096;

    /// <summary>Sorts <paramref name="values"/> (finite, -0.0 already made 0.0) in place.</summary>
    public static void Sort(double[] values)
    {
        if (values.Length <= SmallArray)
        {
            Array.Sort(values);
            return;
        }
        var n = values.Length;
        var keys = new ulong[n];
        var buffer = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(values[i]);
            keys[i] = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        }
        var counts = new int[6 * Buckets];
        foreach (var k in keys)
            for (var p = 0; p < 6; p++) counts[p * Buckets + (int)((k >> (p * Bits)) & (Buckets - 1))]++;
        for (var p = 0; p < 6; p++)
        {
            var c = counts.AsSpan(p * Buckets, Buckets);
            // A pass where every key has the same digit changes nothing.
            if (c[(int)((keys[0] >> (p * Bits)) & (Buckets - 1))] == n) continue;
            var sum = 0;
            for (var b = 0; b < Buckets; b++) { var t = c[b]; c[b] = sum; sum += t; }
            var shift = p * Bits;
            foreach (var k in keys) buffer[c[(int)((k >> shift) & (Buckets - 1))]++] = k;
            (keys, buffer) = (buffer, keys);
        }
        for (var i = 0; i < n; i++)
        {
            var k = keys[i];
            var bits = (k & 0x8000_0000_0000_0000UL) != 0 ? k & 0x7FFF_FFFF_FFFF_FFFFUL : ~k;
            values[i] = BitConverter.Int64BitsToDouble((long)bits);
        }
    }
}
