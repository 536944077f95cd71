using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// One ONNX model in an in-process ONNX Runtime session set up as the model server sets it up (full graph
/// optimisation, one intra-op thread): rows in, the first float output out, timed calls. The model takes either one
/// float input [batch, features...] (<see cref="Width"/> values per row) or one input per raw column
/// (<see cref="Columns"/>: float32 or string [batch, 1], as tabular training exports them).
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
        static bool IsColumn(NodeMetadata m) => m.ElementDataType is TensorElementType.Float or TensorElementType.String
            && m.Dimensions.Length == 2 && m.Dimensions[1] == 1;
        // One float input stays a feature-row model (as before), even [batch, 1]: its rows are the same either way.
        if (inputs.Count == 1 && inputs.First().Value.ElementDataType == TensorElementType.Float && inputs.First().Value.Dimensions.Length >= 1)
        {
            Input = inputs.First().Key;
            InputShape = inputs.First().Value.Dimensions.Skip(1).Select(d => (long)d).ToArray();
            Width = (int)InputShape.Aggregate(1L, (a, b) => a * Math.Max(b, 1));
        }
        else if (inputs.Count >= 1 && inputs.Values.All(IsColumn))
        {
            Input = "";
            InputShape = [];
            Columns = [.. inputs.Select(i => new ColumnInput(i.Key, i.Value.ElementDataType == TensorElementType.String))];
        }
        else
        {
            throw MlnbException.Invalid($"{what} takes {string.Join(", ", inputs.Select(i => $"'{i.Key}' {i.Value.ElementDataType} [{string.Join(',', i.Value.Dimensions)}]"))}; compression evaluates models with one float input [batch, features...] or one float or string input [batch, 1] per raw column");
        }
        var output = _session.OutputMetadata.FirstOrDefault(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float);
        if (output.Key is null) throw MlnbException.Invalid($"{what} has no float output to evaluate");
        Output = output.Key;
        OutputWidth = output.Value.Dimensions.Length >= 2 && output.Value.Dimensions[^1] > 0 ? output.Value.Dimensions[^1] : 1;
    }

    /// <summary>The input's name (a feature-row model).</summary>
    public string Input { get; }

    /// <summary>The input's per-row dimensions (a feature-row model).</summary>
    public long[] InputShape { get; }

    /// <summary>Values per row (a feature-row model; 0 for a column model).</summary>
    public int Width { get; }

    /// <summary>The raw-column inputs in graph order, or null for a feature-row model.</summary>
    public IReadOnlyList<ColumnInput>? Columns { get; }

    /// <summary>The evaluated output's name.</summary>
    public string Output { get; }

    /// <summary>Values per row of the evaluated output (classes, or 1 for regression).</summary>
    public int OutputWidth { get; }

    /// <summary>The output for all rows of <paramref name="data"/>, row-major.</summary>
    public float[] Predict(CompressionData data) => Run(data, 0, data.Rows, [Output])[0];

    /// <summary>Named outputs for <paramref name="count"/> rows from <paramref name="start"/>, in the order asked.</summary>
    public float[][] Run(CompressionData data, int start, int count, IReadOnlyList<string> outputs)
    {
        var (names, values) = Inputs(data, start, count);
        try
        {
            using var results = _session.Run(_runOptions, names, values, outputs);
            return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>Mean microseconds per call of <paramref name="calls"/> calls on the first row of <paramref name="data"/> (inputs reused).</summary>
    public double TimeCalls(CompressionData data, int calls)
    {
        var (names, values) = Inputs(data, 0, 1);
        try
        {
            string[] outputs = [Output];
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
                using (_session.Run(_runOptions, names, values, outputs)) { }
            return sw.Elapsed.TotalMicroseconds / calls;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>
    /// The graph inputs for rows [start, start+count): the feature rows as one float tensor, or each raw column as its
    /// own [count, 1] tensor (numbers float with NaN where missing, text string with "" where missing).
    /// </summary>
    private (string[] Names, OrtValue[] Values) Inputs(CompressionData data, int start, int count)
    {
        if (Columns is null)
        {
            var rows = data.Features.AsSpan(start * Width, count * Width).ToArray();
            return ([Input], [OrtValue.CreateTensorValueFromMemory(rows, [count, .. InputShape])]);
        }
        var values = new OrtValue[Columns.Count];
        for (var j = 0; j < Columns.Count; j++)
        {
            var c = data.Columns![j];
            values[j] = Columns[j].IsText
                ? OrtValue.CreateFromStringTensor(new DenseTensor<string>(c.Strings!.AsSpan(start, count).ToArray().Select(s => s ?? "").ToArray(), [count, 1]))
                : OrtValue.CreateTensorValueFromMemory(c.Numbers!.AsSpan(start, count).ToArray(), [count, 1L]);
        }
        return ([.. Columns.Select(c => c.Name)], values);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}

/// <summary>One raw-column input of a model: its name (the column's) and whether it takes text.</summary>
internal sealed record ColumnInput(string Name, bool IsText);
