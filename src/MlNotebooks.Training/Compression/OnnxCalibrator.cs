using Microsoft.ML.OnnxRuntime;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// Static quantization's calibration: runs the float model over calibration rows with the quantized nodes'
/// activations exposed as extra outputs (for a model taking raw columns: the activations after its featurization) and records each activation's min and max (the MinMax method).
/// </summary>
internal static class OnnxCalibrator
{
    private const int Batch = 1024;

    public static Dictionary<string, (float Min, float Max)> Ranges(byte[] floatModel, IReadOnlyCollection<string> activations, CompressionData rows)
    {
        var doc = OnnxDocument.Parse(floatModel, "the model");
        var graphInputs = doc.Inputs.ToHashSet(StringComparer.Ordinal);
        var outputs = doc.Outputs.ToHashSet(StringComparer.Ordinal);
        var inner = activations.Where(a => !graphInputs.Contains(a)).Distinct().ToList();
        doc.AddFloatOutputs(inner.Where(a => !outputs.Contains(a)));
        using var runner = new OnnxRunner(doc.ToArray(), "the model with calibration outputs", GraphOptimizationLevel.ORT_ENABLE_BASIC);
        var ranges = activations.Distinct().ToDictionary(a => a, _ => (Min: float.PositiveInfinity, Max: float.NegativeInfinity), StringComparer.Ordinal);
        void Update(string name, ReadOnlySpan<float> values)
        {
            var (min, max) = ranges[name];
            foreach (var v in values)
            {
                if (float.IsNaN(v)) continue;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            ranges[name] = (min, max);
        }
        for (var at = 0; at < rows.Rows; at += Batch)
        {
            var count = Math.Min(Batch, rows.Rows - at);
            if (rows.Columns is null)
                foreach (var a in activations.Where(graphInputs.Contains)) Update(a, rows.Features.AsSpan(at * rows.Width, count * rows.Width));
            if (inner.Count == 0) continue;
            var values = runner.Run(rows, at, count, inner);
            for (var i = 0; i < inner.Count; i++) Update(inner[i], values[i]);
        }
        foreach (var (name, r) in ranges)
            if (float.IsInfinity(r.Min)) throw MlnbException.Invalid($"calibration produced no finite values for '{name}'; give calibration rows with numbers");
        return ranges;
    }
}
