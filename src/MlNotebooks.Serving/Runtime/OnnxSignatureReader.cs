using Microsoft.ML.OnnxRuntime;
using MlNotebooks.Registry;

namespace MlNotebooks.Serving.Runtime;

/// <summary>Reads a model's tensor inputs and outputs with ONNX Runtime (symbolic dimensions become -1).</summary>
public sealed class OnnxSignatureReader : IModelSignatureReader
{
    /// <inheritdoc />
    public ModelSignature Read(string onnxPath)
    {
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(onnxPath, options);
            static List<TensorSpec> Specs(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
                [.. nodes.Where(n => n.Value.IsTensor).Select(n => new TensorSpec(n.Key, OnnxTypes.ToDatatype(n.Value.ElementDataType), [.. n.Value.Dimensions.Select(d => d < 0 ? -1L : d)]))];
            return new ModelSignature(Specs(session.InputMetadata), Specs(session.OutputMetadata));
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{onnxPath}' is not an ONNX model ONNX Runtime can load ({e.Message.Split('\n')[0]}); export the model to ONNX again");
        }
    }
}
