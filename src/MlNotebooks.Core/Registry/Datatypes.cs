namespace MlNotebooks.Registry;

/// <summary>The Open Inference Protocol's tensor datatypes.</summary>
public static class Datatypes
{
    /// <summary>Every datatype the protocol names.</summary>
    public static IReadOnlyList<string> All { get; } = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    /// <summary>True when <paramref name="datatype"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string datatype) => All.Contains(datatype);
}
