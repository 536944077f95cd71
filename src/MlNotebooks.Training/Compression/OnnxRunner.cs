using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// One ONNX model in an in-process ONNX Runtime session set up as the model server sets it up (full graph
/// optimisation, one intra-op thread): feature rows in, the first float output out, timed calls.
/// </summary>
internal sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    public OnnxRunner(byte[] onnx, string what, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = level, IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        try { _session = new InferenceSession(onnx, options); }
        catch (OnnxRuntimeException e) { throw new MlnbException(ErrorCode.DataCorrupted, $"ONNX Runtime cannot load {what} ({e.Message.Split('\n')[0]})"); }
        var inputs = _session.InputMetadata;
        if (inputs.Count != 1 || inputs.First().Value.ElementDataType != TensorElementType.Float || inputs.First().Value.Dimensions.Length < 1)
            throw MlnbException.Invalid($"{what} takes {string.Join(", ", inputs.Select(i => $"'{i.Key}' {i.Value.ElementDataType} [{string.Join(',', i.Value.Dimensions)}]"))}; compression evaluates models with one float input [batch, features...]");
        Input = inputs.First().Key;
        InputShape = inputs.First().Value.Dimensions.Skip(1).Select(d => (long)d).ToArray();
        Width = (int)InputShape.Aggregate(1L, (a, b) => a * Math.Max(b, 1));
        var output = _session.OutputMetadata.FirstOrDefault(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float);
        if (output.Key is null) throw MlnbException.Invalid($"{what} has no float output to evaluate");
        Output = output.Key;
        OutputWidth = output.Value.Dimensions.Length >= 2 && output.Value.Dimensions[^1] > 0 ? output.Value.Dimensions[^1] : 1;
    }

    /// <summary>The input's name.</summary>
    public string Input { get; }

    /// <summary>The input's per-row dimensions.</summary>
    public long[] InputShape { get; }

    /// <summary>Values per row.</summary>
    public int Width { get; }

    /// <summary>The evaluated output's name.</summary>
    public string Output { get; }

    /// <summary>Values per row of the evaluated output (classes, or 1 for regression).</summary>
    public int OutputWidth { get; }

    /// <summary>The output for <paramref name="rows"/> (row-major, <see cref="Width"/> values each), row-major.</summary>
    public float[] Predict(float[] rows) => Run(rows, [Output])[0];

    /// <summary>Named outputs for the rows, in the order asked.</summary>
    public float[][] Run(float[] rows, IReadOnlyList<string> outputs)
    {
        var n = rows.Length / Width;
        using var value = OrtValue.CreateTensorValueFromMemory(rows, [n, .. InputShape]);
        using var results = _session.Run(_runOptions, [Input], [value], outputs);
        return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
    }

    /// <summary>Mean microseconds per call of <paramref name="calls"/> calls on the same rows (input buffer reused).</summary>
    public double TimeCalls(float[] rows, int calls)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [rows.Length / Width, .. InputShape]);
        string[] names = [Input], outputs = [Output];
        OrtValue[] values = [input];
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
            using (_session.Run(_runOptions, names, values, outputs)) { }
        return sw.Elapsed.TotalMicroseconds / calls;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
