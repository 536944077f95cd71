using System.Globalization;
using MlNotebooks.Training.Compression;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Tests.Compression;

/// <summary>One workspace with an MLP trained on breast_cancer.csv and registered as models:/bc/1, shared by the class.</summary>
public sealed class CompressionFixture : IAsyncLifetime
{
    public TempWorkspace Ws { get; private set; } = null!;

    public string SourceRunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Ws = await TempWorkspace.CreateAsync();
        var data = TabularData.LoadCsv(TestData.BreastCancerPath);
        var job = new TrainingJob
        {
            Data = data,
            DataPath = TestData.BreastCancerPath,
            Model = () => Sequential(("fc1", Linear(30, 32)), ("relu", ReLU()), ("fc2", Linear(32, 16)), ("relu2", ReLU()), ("out", Linear(16, 2))),
            Options = new TorchTrainerOptions { Epochs = 15, CheckpointEvery = 0, Device = "cpu", LearningRate = 0.01, Seed = 7 },
        };
        var r = await new TrainingRunner(Ws.Workspace.Tracking).RunAsync(job, new RunTarget("compression"));
        SourceRunId = r.RunId;
        await Ws.Workspace.Registry.RegisterAsync(r.RunId, "model", "bc");
    }

    public async Task DisposeAsync() => await Ws.DisposeAsync();
}

/// <summary>`models compress` in the core: new versions with lineage and metrics, the gate, and the bad inputs.</summary>
public sealed class ModelCompressorTests(CompressionFixture f) : IClassFixture<CompressionFixture>
{
    private ModelCompressor Compressor => new(f.Ws.Workspace.Registry, f.Ws.Workspace.Tracking);

    private async Task<int> VersionCount() => (await f.Ws.Workspace.Registry.ListVersionsAsync("bc")).Count;

    [Fact]
    public async Task DynamicQuantization_RegistersTheNextVersion_WithLineageAndMetrics_OnTheRecordedValidationRows()
    {
        var before = await VersionCount();

        var r = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Quantize = QuantizeMode.Dynamic, LatencyCalls = 50, LatencyRounds = 3 });

        Assert.Equal(before + 1, r.Version.Version);
        Assert.Equal("models:/bc/1", r.Version.Tags[ModelCompressor.CompressedFromTag]);
        Assert.StartsWith("114 validation rows of breast_cancer.csv", r.EvaluatedOn);
        var run = await f.Ws.Workspace.Tracking.GetRunAsync(r.RunId);
        Assert.Equal(r.Version.RunId, r.RunId);
        Assert.Equal(f.SourceRunId, run.Tag("mlnb.source_run"));
        Assert.Contains(run.Inputs, i => i.Name == "breast_cancer.csv" && i.Context == "training");
        // The source's own validation accuracy (logged by the trainer) is what the comparison starts from.
        var trained = await f.Ws.Workspace.Tracking.GetRunAsync(f.SourceRunId);
        Assert.Equal(trained.Metric("val_accuracy")!.Value, r.SourceQuality.Accuracy!.Value, 6);
        Assert.Equal(r.AccuracyDelta!.Value, run.Metric("compression.accuracy_delta")!.Value, 9);
        Assert.True(Math.Abs(r.AccuracyDelta.Value) <= 0.03, $"accuracy delta {r.AccuracyDelta}");
        Assert.Equal(r.SizeRatio, run.Metric("compression.size_ratio")!.Value, 9);
        // 1,504 weights lose 3 of their 4 bytes; the scales and the new nodes take back less than half of that.
        Assert.True(r.SourceBytes - r.Bytes > 1.5 * 1504, $"{r.Bytes} bytes vs {r.SourceBytes}");
        Assert.True(run.Metric("compression.latency_ratio") > 0);
        var bytes = await File.ReadAllBytesAsync(f.Ws.Workspace.Registry.GetFilePath(r.Version.Package.Model));
        Assert.Equal(r.Bytes, bytes.LongLength);
        Assert.Equal(0, OnnxChecker.Check(bytes).ExitCode);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(r.Source.Package.Signature), System.Text.Json.JsonSerializer.Serialize(r.Version.Package.Signature));
    }

    [Fact]
    public async Task StaticQuantization_CalibratesOnRowsWithOrWithoutTheLabel()
    {
        var unlabelled = Path.Combine(f.Ws.Dir, "calibration.csv");
        await File.WriteAllLinesAsync(unlabelled, File.ReadAllLines(TestData.BreastCancerPath).Skip(1).Take(100).Select(l => string.Join(',', l.Split(',')[..30])));

        var labelled = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Quantize = QuantizeMode.Static, CalibrationPath = TestData.BreastCancerPath, LatencyCalls = 20, LatencyRounds = 1 });
        var bare = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Quantize = QuantizeMode.Static, CalibrationPath = unlabelled, LatencyCalls = 20, LatencyRounds = 1 });

        foreach (var r in new[] { labelled, bare })
        {
            Assert.True(Math.Abs(r.AccuracyDelta!.Value) <= 0.03, $"accuracy delta {r.AccuracyDelta}");
            var bytes = await File.ReadAllBytesAsync(f.Ws.Workspace.Registry.GetFilePath(r.Version.Package.Model));
            Assert.Contains(OnnxDocument.Parse(bytes, "m").Nodes, n => n.OpType == "QuantizeLinear");
            Assert.Equal(0, OnnxChecker.Check(bytes).ExitCode);
        }
        var run = await f.Ws.Workspace.Tracking.GetRunAsync(bare.RunId);
        Assert.Contains(run.Inputs, i => i.Name == "calibration.csv" && i.Context == "calibration");
    }

    [Fact]
    public async Task AGate_OnTheAccuracyDelta_PassesAMildCompression_AndRefusesAHeavyPruning()
    {
        var mild = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Quantize = QuantizeMode.Dynamic, LatencyCalls = 20, LatencyRounds = 1 });
        var heavy = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Prune = 0.98, LatencyCalls = 20, LatencyRounds = 1 });
        Assert.True(heavy.AccuracyDelta < -0.05, $"pruning 98% of the weights cost only {heavy.AccuracyDelta}");
        Assert.True(heavy.Sparsity >= 0.98);
        var registry = f.Ws.Workspace.Registry;
        await registry.SetGatesAsync("bc", "edge", ["metrics.compression.accuracy_delta >= -0.02"]);

        var ok = await registry.PromoteAsync("bc", mild.Version.Version, "edge");
        var refused = await Assert.ThrowsAsync<MlnbException>(() => registry.PromoteAsync("bc", heavy.Version.Version, "edge"));

        Assert.Equal(mild.Version.Version, ok.Version);
        Assert.Contains("'metrics.compression.accuracy_delta >= -0.02' failed: metrics.compression.accuracy_delta = " + heavy.AccuracyDelta!.Value.ToString("0.######", CultureInfo.InvariantCulture), refused.Message);
        Assert.Equal(mild.Version.Version, (await registry.GetModelAsync("bc")).Aliases["edge"]);
    }

    [Fact]
    public async Task GivenData_IsWhatTheModelsAreComparedOn_AndIsRecordedAsTheEvaluationInput()
    {
        var r = await Compressor.CompressAsync("models:/bc/1", new CompressionOptions { Quantize = QuantizeMode.Dynamic, DataPath = TestData.BreastCancerPath, LatencyCalls = 20, LatencyRounds = 1 });

        Assert.Equal("569 rows of breast_cancer.csv", r.EvaluatedOn);
        Assert.Contains((await f.Ws.Workspace.Tracking.GetRunAsync(r.RunId)).Inputs, i => i.Context == "evaluation");
    }

    [Fact]
    public async Task BadInputs_FailWithTheFix_AndRegisterNothing()
    {
        var before = await VersionCount();
        var wrongColumns = Path.Combine(f.Ws.Dir, "five.csv");
        await File.WriteAllLinesAsync(wrongColumns, ["a,b,c,d,e", "1,2,3,4,0", "5,6,7,8,1"]);
        async Task<string> Fails(string uri, CompressionOptions o) => (await Assert.ThrowsAsync<MlnbException>(() => Compressor.CompressAsync(uri, o))).Message;

        Assert.Contains("model 'bc' has no version 99", await Fails("models:/bc/99", new() { Quantize = QuantizeMode.Dynamic }));
        Assert.Contains("registered model 'nope' does not exist", await Fails("models:/nope/1", new() { Quantize = QuantizeMode.Dynamic }));
        Assert.Contains("--quantize static needs --calibration DATA", await Fails("models:/bc/1", new() { Quantize = QuantizeMode.Static }));
        Assert.Contains("--calibration is used by --quantize static only", await Fails("models:/bc/1", new() { Quantize = QuantizeMode.Dynamic, CalibrationPath = wrongColumns }));
        Assert.Equal($"calibration data '{wrongColumns}' has 5 columns, models:/bc/1 takes 30 features per row; give rows with the model's 30 feature columns (and optionally the label last)",
            await Fails("models:/bc/1", new() { Quantize = QuantizeMode.Static, CalibrationPath = wrongColumns }));
        Assert.Contains("evaluation data", await Fails("models:/bc/1", new() { Quantize = QuantizeMode.Dynamic, DataPath = wrongColumns }));
        Assert.Contains("--prune must be a fraction in [0, 1)", await Fails("models:/bc/1", new() { Prune = 1.5 }));
        Assert.Contains("nothing to do", await Fails("models:/bc/1", new()));
        Assert.Equal(before, await VersionCount());
    }

    [Fact]
    public async Task AModelWithoutMatMulOrGemm_IsRefused_NamingItsOps()
    {
        var g = new OnnxGraph();
        var y = g.Node("Relu", [g.Node("Sub", ["input", g.Constant("mean", [0.5f, 0.5f], 2)])], "output");
        var onnx = g.ToModel("no_matmul", "input", [-1, 2], y, [-1, 2], "test");
        await using (var run = await f.Ws.Workspace.Tracking.StartRunAsync("compression"))
        {
            await ModelPackage.LogAsync(run, onnx, new ModelSignature([new TensorSpec("input", "float32", [-1, 2])], [new TensorSpec("output", "float32", [-1, 2])], "torchsharp", "regression", 0));
            await run.EndAsync();
            await f.Ws.Workspace.Registry.RegisterAsync(run.RunId, "model", "relu-only");
        }

        var e = await Assert.ThrowsAsync<MlnbException>(() => Compressor.CompressAsync("models:/relu-only/1", new() { Quantize = QuantizeMode.Dynamic }));

        Assert.Equal("models:/relu-only/1 has no MatMul or Gemm node with a float weight to compress (its ops: Sub, Relu); compression works on neural networks such as those `mlnb train mlp` exports", e.Message);
        Assert.Single(await f.Ws.Workspace.Registry.ListVersionsAsync("relu-only"));
    }
}
