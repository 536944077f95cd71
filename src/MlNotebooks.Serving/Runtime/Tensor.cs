namespace MlNotebooks.Serving.Runtime;

/// <summary>
/// A named tensor in host memory: an OIP datatype, a shape and a flat row-major array
/// (<c>float[]</c> for FP32, <c>double[]</c> FP64, <c>long[]</c> INT64, <c>int[]</c> INT32, <c>bool[]</c> BOOL, <c>string[]</c> BYTES).
/// </summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Datatype">OIP datatype.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">Flat values.</param>
public sealed record Tensor(string Name, string Datatype, long[] Shape, Array Data)
{
    /// <summary>The size of the first dimension (1 for a scalar).</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Values per row.</summary>
    public int RowSize => Shape.Length <= 1 ? 1 : (int)Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>A new empty array of the CLR type that holds <paramref name="datatype"/>.</summary>
    public static Array NewArray(string datatype, int length) => datatype switch
    {
        "FP32" => new float[length],
        "FP64" => new double[length],
        "INT64" => new long[length],
        "INT32" => new int[length],
        "BOOL" => new bool[length],
        "BYTES" => new string[length],
        _ => throw MlnbException.Invalid($"datatype {datatype} is not supported by this server; use FP32, FP64, INT64, INT32, BOOL or BYTES"),
    };

    /// <summary>True when this server can carry <paramref name="datatype"/>.</summary>
    public static bool IsSupported(string datatype) => datatype is "FP32" or "FP64" or "INT64" or "INT32" or "BOOL" or "BYTES";

    /// <summary>Joins tensors along the first dimension.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts)
    {
        if (parts.Count == 1) return parts[0];
        var first = parts[0];
        var total = parts.Sum(p => p.Data.Length);
        var data = NewArray(first.Datatype, total);
        var offset = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Data, 0, data, offset, p.Data.Length);
            offset += p.Data.Length;
        }
        var shape = (long[])first.Shape.Clone();
        shape[0] = parts.Sum(p => p.Rows);
        return first with { Shape = shape, Data = data };
    }

    /// <summary>Rows <paramref name="start"/> .. start+count of this tensor.</summary>
    public Tensor Slice(long start, long count)
    {
        if (start == 0 && count == Rows) return this;
        var size = RowSize;
        var data = NewArray(Datatype, (int)(count * size));
        Array.Copy(Data, start * size, data, 0, count * size);
        var shape = (long[])Shape.Clone();
        shape[0] = count;
        return this with { Shape = shape, Data = data };
    }
}
