namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// A HyperLogLog distinct-count sketch (2^12 registers: standard error 1.04/√4096 ≈ 1.6%). Merging takes the larger
/// register, so the merge of parts is exactly the sketch of the whole, and merge is associative and commutative.
/// </summary>
public sealed class HyperLogLog : IMergeable<HyperLogLog>
{
    private const int P = 12;
    private const int M = 1 << P;
    private readonly byte[] _registers;

    private HyperLogLog(byte[] registers) => _registers = registers;

    /// <summary>An empty sketch.</summary>
    public HyperLogLog() : this(new byte[M]) { }

    /// <inheritdoc />
    public static HyperLogLog Zero => new();

    /// <summary>The registers (for equality checks and storage).</summary>
    public ReadOnlySpan<byte> Registers => _registers;

    /// <summary>A sketch from stored registers (see <see cref="ProfileJson"/>).</summary>
    internal static HyperLogLog Restore(byte[] registers) => registers.Length == M ? new HyperLogLog([.. registers])
        : throw new MlnbException(ErrorCode.DataCorrupted, $"a stored HyperLogLog has {registers.Length} registers, not {M}; profile the data again");

    /// <summary>Adds a value by its 64-bit hash.</summary>
    public void AddHash(ulong hash)
    {
        var index = (int)(hash >> (64 - P));
        var rest = (hash << P) | (1UL << (P - 1));
        var rank = (byte)(System.Numerics.BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    /// <summary>Adds a number (by its bits, 0.0 and -0.0 alike).</summary>
    public void Add(double value) => AddHash(Mix((ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value)));

    /// <summary>Adds a label.</summary>
    public void Add(string value)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in value) h = (h ^ ch) * 1099511628211UL;
        AddHash(Mix(h));
    }

    /// <summary>The estimated number of distinct values (with the small-range correction).</summary>
    public double Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0) zeros++;
        }
        var alpha = 0.7213 / (1 + 1.079 / M);
        var e = alpha * M * M / sum;
        return e <= 2.5 * M && zeros > 0 ? M * Math.Log((double)M / zeros) : e;
    }

    /// <inheritdoc />
    public HyperLogLog Merge(HyperLogLog other)
    {
        var r = new byte[M];
        for (var i = 0; i < M; i++) r[i] = Math.Max(_registers[i], other._registers[i]);
        return new HyperLogLog(r);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
