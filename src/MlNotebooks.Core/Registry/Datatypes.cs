namespace MlNotebooks.Registry;

/// <summary>The Open Inference Protocol's tensor datatypes.</summary>
public static class Datatypes
{
    /// <summary>Every datatype the protocol names.</summary>
    public static IReadOnlyList<string> All { get; } = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    /// <summary>True when <paramref name="datatype"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string datatype) => All.Contains(datatype);

    /// <summary>
    /// The protocol datatype of a numpy-style dtype as MLflow's tensor specs write it (<c>float32</c> → FP32,
    /// <c>int64</c> → INT64, <c>bool</c> → BOOL, <c>string</c>/<c>bytes</c> → BYTES), or null when unknown.
    /// </summary>
    public static string? FromNumpy(string dtype) => dtype.ToLowerInvariant() switch
    {
        "float32" or "float" => "FP32",
        "float64" or "double" => "FP64",
        "float16" or "half" => "FP16",
        "bool" or "boolean" => "BOOL",
        "string" or "str" or "object" or "bytes" => "BYTES",
        var t when t.StartsWith("int", StringComparison.Ordinal) || t.StartsWith("uint", StringComparison.Ordinal) => IsKnown(t.ToUpperInvariant()) ? t.ToUpperInvariant() : null,
        _ => null,
    };
}
