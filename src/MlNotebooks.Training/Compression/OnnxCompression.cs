namespace MlNotebooks.Training.Compression;

/// <summary>
/// The compressor's ONNX rewrites on their own, for models outside the registry (benchmarks, notebooks): bytes in,
/// bytes out. <see cref="ModelCompressor"/> is the registry-aware front door.
/// </summary>
public static class OnnxCompression
{
    /// <summary>
    /// Quantizes every MatMul/Gemm with a float weight initializer to int8; static mode needs calibration rows
    /// (row-major, the model's input width) to fix the activation scales. Other nodes pass through.
    /// </summary>
    public static byte[] Quantize(byte[] onnx, QuantizeMode mode, float[]? calibrationRows = null)
    {
        var doc = OnnxDocument.Parse(onnx, "the model");
        Dictionary<string, (float Min, float Max)>? ranges = null;
        if (mode == QuantizeMode.Static)
        {
            if (calibrationRows is null) throw MlnbException.Invalid("static quantization needs calibration rows");
            using var runner = new OnnxRunner(onnx, "the model");
            ranges = OnnxCalibrator.Ranges(onnx, [.. OnnxQuantizer.Candidates(doc).Select(c => c.Activation)], new CompressionData(calibrationRows, null, runner.Width, "calibration rows"));
        }
        if (OnnxQuantizer.Quantize(doc, mode, ranges) == 0 && mode != QuantizeMode.None)
            throw MlnbException.Invalid("the model has no MatMul or Gemm node with a float weight to quantize");
        return doc.ToArray();
    }

    /// <summary>Magnitude-prunes every MatMul/Gemm weight to <paramref name="sparsity"/>; returns the model and the zero fraction.</summary>
    public static (byte[] Onnx, double Sparsity) Prune(byte[] onnx, double sparsity)
    {
        var doc = OnnxDocument.Parse(onnx, "the model");
        var s = OnnxPruner.Prune(doc, sparsity);
        return (doc.ToArray(), s);
    }

    /// <summary>The op types of the main graph, in order (to show what a rewrite did).</summary>
    public static IReadOnlyList<string> OpTypes(byte[] onnx) => [.. OnnxDocument.Parse(onnx, "the model").Nodes.Select(n => n.OpType)];
}
