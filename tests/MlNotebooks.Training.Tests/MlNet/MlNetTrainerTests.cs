using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Training.Tests.MlNet;

public sealed class MlNetTrainerTests
{
    [Theory]
    [InlineData("sdca", "breast_cancer")]
    [InlineData("fasttree", "breast_cancer")]
    [InlineData("lightgbm", "breast_cancer")]
    [InlineData("sdca", "digits")]
    [InlineData("lightgbm", "digits")]
    public async Task Trainer_LogsValidationMetrics_AndAnOnnxModelThatMatchesMlNetAndPassesTheChecker(string trainer, string data)
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = new TrainingJob
        {
            Data = data == "digits" ? TestData.Digits() : TestData.BreastCancer(),
            MlNetTrainer = trainer,
            Options = new TorchTrainerOptions { Epochs = data == "digits" ? 20 : 50, LearningRate = 0.2, Seed = 3 },
        };
        var result = await new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("mlnet"));

        Assert.True(result.Metrics["val_accuracy"] > 0.85, $"{trainer} val_accuracy {result.Metrics["val_accuracy"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5, $"onnx diff {result.OnnxMaxAbsDiff}");
        var run = await t.Workspace.Tracking.GetRunAsync(result.RunId);
        Assert.Equal(trainer, run.Param("trainer"));
        Assert.NotNull(run.Metric("val_accuracy"));
        var dir = Path.Combine(t.Dir, "dl");
        await t.Workspace.Tracking.DownloadArtifactsAsync(result.RunId, "model", dir);
        // ML.NET's LightGbm multiclass graph leaves intermediate types unset, which onnx 1.12's strict shape inference
        // (full_check) rejects though ONNX Runtime runs it; the structural check applies to every ML.NET export.
        var (code, output) = OnnxChecker.Check(File.ReadAllBytes(Path.Combine(dir, "model", "model.onnx")), fullCheck: !(trainer == "lightgbm" && data == "digits"));
        Assert.True(code == 0, output);
        var sig = ModelPackage.ReadSignature(File.ReadAllBytes(Path.Combine(dir, "model", "signature.json")));
        Assert.Equal("mlnet", sig.Framework);
        Assert.Equal(data == "digits" ? 64 : 30, sig.Inputs.Single(i => i.Name == "Features").Shape[^1]);
    }

    [Fact]
    public async Task FastTree_OnMoreThanTwoClasses_SaysWhichTrainersCan()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = new TrainingJob { Data = TestData.Digits(), MlNetTrainer = "fasttree" };

        var e = await Assert.ThrowsAsync<MlnbException>(() => new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("mlnet")));
        Assert.Contains("use sdca or lightgbm", e.Message);
    }
}
