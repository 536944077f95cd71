// Compression: size and in-process ONNX Runtime latency of int8-quantized MLPs (dynamic and static) against the float
// model they came from, in the same process, rounds alternating. Sessions are set up as the model server sets them up
// (full graph optimisation, one intra-op thread). Usage: dotnet run -c Release [-- ROUNDS CALLS]
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using MlNotebooks.Training.Compression;
using MlNotebooks.Training.Native;
using MlNotebooks.Training.Onnx;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
LibTorch.EnsureLoaded();
Console.WriteLine($"in-process ONNX Runtime, 1 intra-op thread, ORT_ENABLE_ALL; {rounds} alternating rounds of {calls} calls (fewer for big batches), median round; {Environment.ProcessorCount} cores");

(int In, int Hidden, int Out)[] shapes = [(30, 32, 2), (256, 512, 10), (1024, 2048, 10)];
foreach (var (inputs, hidden, outputs) in shapes)
{
    manual_seed(1);
    var model = Sequential(("fc1", Linear(inputs, hidden)), ("relu1", ReLU()), ("fc2", Linear(hidden, hidden)), ("relu2", ReLU()), ("out", Linear(hidden, outputs)));
    model.eval();
    var (onnx, _) = TorchOnnxExporter.Export(model, inputs, outputs);
    var rng = new Random(2);
    var calibration = Enumerable.Range(0, 512 * inputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    var dynamicModel = OnnxCompression.Quantize(onnx, QuantizeMode.Dynamic);
    var staticModel = OnnxCompression.Quantize(onnx, QuantizeMode.Static, calibration);
    var weights = inputs * hidden + hidden * hidden + hidden * outputs;
    Console.WriteLine();
    Console.WriteLine($"MLP {inputs}→{hidden}→{hidden}→{outputs} ({weights:N0} weights)");
    Console.WriteLine($"  size: float {onnx.Length:N0} B · dynamic {dynamicModel.Length:N0} B (ratio {(double)dynamicModel.Length / onnx.Length:0.000}) · static {staticModel.Length:N0} B (ratio {(double)staticModel.Length / onnx.Length:0.000})");
    using var f = Session(onnx, out var fOps);
    using var d = Session(dynamicModel, out var dOps);
    using var s = Session(staticModel, out var sOps);
    Console.WriteLine($"  ONNX Runtime runs: float [{fOps}] · dynamic [{dOps}] · static [{sOps}]");
    var probe = calibration.AsSpan(0, 64 * inputs).ToArray();
    Console.WriteLine($"  largest |difference| of probabilities on 64 rows: dynamic {MaxDiff(Run(f, probe, inputs), Run(d, probe, inputs)):0.0000} · static {MaxDiff(Run(f, probe, inputs), Run(s, probe, inputs)):0.0000}");
    foreach (var batch in new[] { 1, 64 })
    {
        var rows = calibration.AsSpan(0, batch * inputs).ToArray();
        var n = Math.Max(20, calls / batch * (inputs < 100 ? 4 : 1));
        Time(f, rows, inputs, n); Time(d, rows, inputs, n); Time(s, rows, inputs, n); // warm-up
        var (tf, td, ts) = (new List<double>(), new List<double>(), new List<double>());
        for (var r = 0; r < rounds; r++)
        {
            tf.Add(Time(f, rows, inputs, n));
            td.Add(Time(d, rows, inputs, n));
            ts.Add(Time(s, rows, inputs, n));
        }
        Console.WriteLine($"  batch {batch,2}: float {Median(tf),9:0.0} µs · dynamic {Median(td),9:0.0} µs (ratio {Median(td) / Median(tf):0.000}) · static {Median(ts),9:0.0} µs (ratio {Median(ts) / Median(tf):0.000})");
    }
}

static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

static float MaxDiff(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

static InferenceSession Session(byte[] onnx, out string ops)
{
    var optimized = Path.Combine(Path.GetTempPath(), $"mlnb-bench-{Guid.NewGuid():N}.onnx");
    using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1, InterOpNumThreads = 1, OptimizedModelFilePath = optimized, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
    var session = new InferenceSession(onnx, options);
    ops = string.Join(", ", OnnxCompression.OpTypes(File.ReadAllBytes(optimized)).GroupBy(o => o).Select(g => g.Count() > 1 ? $"{g.Key}×{g.Count()}" : g.Key));
    File.Delete(optimized);
    return session;
}

static float[] Run(InferenceSession session, float[] rows, int width)
{
    using var input = OrtValue.CreateTensorValueFromMemory(rows, [rows.Length / width, width]);
    using var results = session.Run(new RunOptions(), [session.InputMetadata.Keys.First()], [input], [session.OutputMetadata.Keys.First()]);
    return results[0].GetTensorDataAsSpan<float>().ToArray();
}

static double Time(InferenceSession session, float[] rows, int width, int n)
{
    using var input = OrtValue.CreateTensorValueFromMemory(rows, [rows.Length / width, width]);
    using var runOptions = new RunOptions();
    string[] inName = [session.InputMetadata.Keys.First()], outName = [session.OutputMetadata.Keys.First()];
    OrtValue[] inputs = [input];
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < n; i++) using (session.Run(runOptions, inName, inputs, outName)) { }
    return sw.Elapsed.TotalMicroseconds / n;
}
