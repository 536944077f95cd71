namespace MlNotebooks.Registry;

/// <summary>Reads a signature from a model file (ONNX Runtime does it in MlNotebooks.Serving; the core loads no natives).</summary>
public interface IModelSignatureReader
{
    /// <summary>The inputs and outputs of the ONNX model at <paramref name="onnxPath"/>.</summary>
    ModelSignature Read(string onnxPath);
}
