using MlNotebooks.Tracking;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Tests.Torch;

public sealed class TorchTrainerTests
{
    private static TrainingJob BreastCancerJob(int epochs = 4, int checkpointEvery = 1, string? resume = null) => new()
    {
        Data = TestData.BreastCancer(),
        DataPath = TestData.BreastCancerPath,
        Model = () => Models.Mlp(30, 16, 2),
        Options = new TorchTrainerOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.01, Device = "cpu", Seed = 7, CheckpointEvery = checkpointEvery, ResumeFromRunId = resume, Schedule = "cosine", ClipNorm = 5 },
    };

    [Fact]
    public async Task Fit_OnBreastCancer_LogsParamsStepAndEpochMetricsAndAVerifiedOnnxModel()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var result = await new TrainingRunner(t.Workspace.Tracking).RunAsync(BreastCancerJob(), new RunTarget("tests"));

        var run = await t.Workspace.Tracking.GetRunAsync(result.RunId);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.True(result.Metrics["val_accuracy"] > 0.9, $"val_accuracy {result.Metrics["val_accuracy"]}");
        var p = run.Params.ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal("adam", p["optimizer"]);
        Assert.Equal("cpu", p["device"]);
        Assert.Equal("7", p["seed"]);
        Assert.StartsWith("Sequential(Linear(30→16), BatchNorm1d(16), GELU", p["model_summary"]);
        Assert.Equal((30 * 16 + 16 + 16 * 2 + 16 * 16 + 16 + 16 * 2 + 2).ToString(), p["parameter_count"]);
        var steps = await t.Workspace.Tracking.GetMetricHistoryAsync(result.RunId, "train_loss");
        var trainRows = 569 - (int)Math.Round(569 * 0.2);
        Assert.Equal(4 * ((trainRows + 31) / 32), steps.Count(s => s.Step < result.Training!.Steps));
        Assert.Equal(4, (await t.Workspace.Tracking.GetMetricHistoryAsync(result.RunId, "val_loss")).Count(m => m.Step < 4));
        var artifacts = (await t.Workspace.Tracking.ListArtifactsAsync(result.RunId)).Select(a => a.Path).ToList();
        Assert.Contains("model/model.onnx", artifacts);
        Assert.Contains("model/signature.json", artifacts);
        Assert.Contains("model/MLmodel", artifacts);
        Assert.Contains("checkpoints/epoch-0003.ckpt", artifacts);
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5, $"onnx diff {result.OnnxMaxAbsDiff}");
        Assert.Single(run.Inputs);
    }

    [Fact]
    public async Task Resume_FromTheLastCheckpoint_ContinuesAtTheNextEpochAndMatchesAStraightRun()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var runner = new TrainingRunner(t.Workspace.Tracking);
        var straight = await runner.RunAsync(BreastCancerJob(epochs: 4) with { ExportOnnx = false }, new RunTarget("tests"));
        // The same 4-epoch job, interrupted after its second epoch (as a crash or Ctrl+C would), then resumed.
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(BreastCancerJob(epochs: 4) with { ExportOnnx = false }, new RunTarget("tests"),
            new InlineProgress(r => { if (r.Epoch == 1) cts.Cancel(); }), cts.Token));
        var first = (await t.Workspace.Tracking.SearchRunsAsync(["tests"], "attributes.status = 'KILLED'")).Items.Single();
        var resumed = await runner.RunAsync(BreastCancerJob(epochs: 4, resume: first.RunId) with { ExportOnnx = false }, new RunTarget("tests"));

        var valLoss = await t.Workspace.Tracking.GetMetricHistoryAsync(resumed.RunId, "val_loss");
        Assert.Equal([2, 3], valLoss.Where(m => m.Step < 4).Select(m => m.Step).Order().ToArray());
        var run = await t.Workspace.Tracking.GetRunAsync(resumed.RunId);
        Assert.Equal($"{first.RunId}@epoch1", run.Tag("mlnb.resumed_from"));
        Assert.Equal(straight.Metrics["val_loss"], resumed.Metrics["val_loss"], 6);
    }

    [Fact]
    public async Task Resume_WithACheckpointFromAnotherModel_FailsNamingTheDifference()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var runner = new TrainingRunner(t.Workspace.Tracking);
        var first = await runner.RunAsync(BreastCancerJob(epochs: 1) with { ExportOnnx = false }, new RunTarget("tests"));
        var job = BreastCancerJob(epochs: 2, resume: first.RunId) with { Model = () => Models.Mlp(30, 8, 2), ExportOnnx = false };

        var e = await Assert.ThrowsAsync<MlnbException>(() => runner.RunAsync(job, new RunTarget("tests")));
        Assert.Contains("is from another model", e.Message);
        Assert.Contains("fc1.weight:[16,30]", e.Message);
    }

    [Fact]
    public async Task Fit_WhenTheLossBecomesNaN_StopsWithAClearMessageAndKeepsTheLastGoodCheckpoint()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var stepsPerEpoch = (569 - 114 + 31) / 32;
        var job = BreastCancerJob(epochs: 5) with { Model = () => Sequential(("nan", new Models.NaNAfter(2 * stepsPerEpoch + 3)), ("fc", Linear(30, 2))) };

        var e = await Assert.ThrowsAsync<MlnbException>(() => new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests")));
        Assert.Contains("training stopped at epoch 2", e.Message);
        Assert.Contains("is NaN", e.Message);
        Assert.Contains("checkpoints/epoch-0001.ckpt", e.Message);
        var run = (await t.Workspace.Tracking.SearchRunsAsync(["tests"])).Items.Single();
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        var artifacts = await t.Workspace.Tracking.ListArtifactsAsync(run.Info.RunId, "checkpoints");
        Assert.DoesNotContain(artifacts, a => a.Path == "checkpoints/epoch-0002.ckpt");
        Assert.Equal(artifacts.Single(a => a.Path == "checkpoints/epoch-0001.ckpt").Md5, artifacts.Single(a => a.Path == TorchTrainer.LastCheckpointPath).Md5);
    }

    [Fact]
    public async Task Fit_WithTheWrongInputWidth_NamesBothWidths()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = BreastCancerJob() with { Model = () => Sequential(("fc", Linear(10, 2))) };

        var e = await Assert.ThrowsAsync<MlnbException>(() => new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests")));
        Assert.Contains("the data has 30 features", e.Message);
        Assert.Contains("expects 10", e.Message);
    }

    [Fact]
    public async Task Fit_WithLabelsOutOfTheModelsRange_NamesTheLabelAndTheClassCount()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = new TrainingJob { Data = TestData.Digits(), Model = () => Sequential(("fc", Linear(64, 2))), Options = new TorchTrainerOptions { Epochs = 1, Device = "cpu" } };

        var e = await Assert.ThrowsAsync<MlnbException>(() => new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests")));
        Assert.Contains("outside the model's 2 classes", e.Message);
    }

    [Fact]
    public async Task Fit_ADigitsCnn_OnCpu_LearnsAndExportsAnOnnxModelTheCheckerAccepts()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = new TrainingJob
        {
            Data = TestData.Digits(),
            Model = Models.DigitsCnn,
            Options = new TorchTrainerOptions { Epochs = 3, BatchSize = 64, LearningRate = 0.01, Device = "cpu", InputShape = [1, 8, 8], CheckpointEvery = 0, Patience = 5 },
        };
        var result = await new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests"));

        Assert.True(result.Metrics["val_accuracy"] > 0.8, $"val_accuracy {result.Metrics["val_accuracy"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5);
        var dir = Path.Combine(t.Dir, "dl");
        await t.Workspace.Tracking.DownloadArtifactsAsync(result.RunId, "model", dir);
        var (code, output) = OnnxChecker.Check(File.ReadAllBytes(Path.Combine(dir, "model", "model.onnx")));
        Assert.True(code == 0, output);
        var sig = ModelPackage.ReadSignature(File.ReadAllBytes(Path.Combine(dir, "model", "signature.json")));
        Assert.Equal([-1L, 64L], sig.Inputs[0].Shape);
        Assert.Equal("probabilities", sig.Outputs[0].Name);
        Assert.Equal([-1L, 10L], sig.Outputs[0].Shape);
        Assert.Contains("tensor-spec", File.ReadAllText(Path.Combine(dir, "model", "MLmodel")));
    }

    [Fact]
    public async Task Fit_WithPatience_StopsEarlyWhenValidationLossStopsImproving()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = BreastCancerJob(epochs: 200, checkpointEvery: 0) with { ExportOnnx = false, Options = BreastCancerJob().Options with { Epochs = 200, CheckpointEvery = 0, Patience = 2, MinDelta = 0.5, Schedule = "none" } };

        var result = await new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests"));
        Assert.True(result.Training!.StoppedEarly);
        Assert.True(result.Training.EpochsRun < 200);
    }

    private sealed class InlineProgress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}
