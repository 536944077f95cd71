using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNotebooks.Training.Data;

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
    /// Runs the model on the rows of <paramref name="data"/> as a server would get them: with a schema, each raw column
    /// as its own input (numbers float32 [rows, 1] with NaN where missing, text string [rows, 1] with "" where missing);
    /// else the features as one float input. Returns the named output (the first when null) flattened.
    /// </summary>
    public static float[] Run(byte[] onnx, TabularData data, string? output = null)
    {
        if (data.Schema is null || data.Raw is null) return Run(onnx, data.Features, data.Columns, null, output);
        using var session = new InferenceSession(onnx);
        var outName = output ?? session.OutputMetadata.Keys.First();
        var values = new List<OrtValue>();
        try
        {
            foreach (var c in data.Raw)
                values.Add(c.Numbers is { } n
                    ? OrtValue.CreateTensorValueFromMemory((float[])n.Clone(), [n.Length, 1])
                    : OrtValue.CreateFromStringTensor(new DenseTensor<string>(c.Strings!.Select(s => s ?? "").ToArray(), [c.Length, 1])));
            using var results = session.Run(new RunOptions(), [.. data.Raw.Select(c => c.Name)], values, [outName]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>
    /// Checks ORT's output against <paramref name="expected"/>; returns the largest absolute difference, or throws
    /// naming the worst element when one is outside <see cref="Tolerance"/>.
    /// </summary>
    public static double Verify(byte[] onnx, float[] rows, int columns, float[] expected, string? output = null) =>
        Compare(Run(onnx, rows, columns, null, output), expected);

    /// <summary>As <see cref="Verify(byte[], float[], int, float[], string?)"/>, feeding the rows as <see cref="Run(byte[], TabularData, string?)"/> does.</summary>
    public static double Verify(byte[] onnx, TabularData data, float[] expected, string? output = null) =>
        Compare(Run(onnx, data, output), expected);

    private static double Compare(float[] actual, float[] expected)
    {
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
