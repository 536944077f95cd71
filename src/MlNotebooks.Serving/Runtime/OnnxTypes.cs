using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNotebooks.Serving.Runtime;

/// <summary>ONNX element types ↔ OIP datatypes.</summary>
internal static class OnnxTypes
{
    public static string ToDatatype(TensorElementType t) => t switch
    {
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int8 => "INT8",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Bool => "BOOL",
        TensorElementType.String => "BYTES",
        _ => "BYTES",
    };
}
