using Microsoft.ML.OnnxRuntime;

namespace MlNotebooks.Training.Onnx;

/// <summary>Runs an ONNX model in ONNX Runtime and compares its output with the framework's on the same rows.</summary>
public static class OnnxVerifier
{
    /// <summary>Absolute and relative tolerance: |ort - framework| ≤ 1e-5 + 1e-5·|framework| for every value.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Runs the model on float rows [rows, columns] and returns the named output (the first when null) flattened.</summary>
    public static float[] Run(byte[] onnx, float[] rows, int columns, string? input = null, string? output = null)
    {
        using var session = new InferenceSession(onnx);
        var inName = input ?? session.InputMetadata.Keys.First();
        var outName = output ?? session.OutputMetadata.Keys.First();
        using var value = OrtValue.CreateTensorValueFromMemory(rows, [rows.Length / columns, columns]);
        using var results = session.Run(new RunOptions(), [inName], [value], [outName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// Checks ORT's output against <paramref name="expected"/>; returns the largest absolute difference, or throws
    /// naming the worst element when one is outside <see cref="Tolerance"/>.
    /// </summary>
    public static double Verify(byte[] onnx, float[] rows, int columns, float[] expected, string? output = null)
    {
        var actual = Run(onnx, rows, columns, null, output);
        if (actual.Length != expected.Length)
            throw new MlnbException(ErrorCode.InternalError, $"the ONNX model returned {actual.Length} values where the framework returned {expected.Length}");
        double worst = 0;
        var at = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = Math.Abs((double)actual[i] - expected[i]);
            if (double.IsNaN(d)) d = double.PositiveInfinity;
            if (d > Tolerance + Tolerance * Math.Abs(expected[i]) && (at < 0 || d > worst)) at = i;
            worst = Math.Max(worst, d);
        }
        if (at >= 0)
            throw new MlnbException(ErrorCode.InternalError, $"the exported ONNX model disagrees with the trained model: value {at} is {actual[at]} in ONNX Runtime and {expected[at]} in the framework (tolerance {Tolerance})");
        return worst;
    }
}
