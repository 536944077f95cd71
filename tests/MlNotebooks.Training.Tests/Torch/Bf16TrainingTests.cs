using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Training.Tests.Torch;

/// <summary>--dtype bf16: bfloat16 compute by explicit casting with float32 master weights, against float32.</summary>
public sealed class Bf16TrainingTests
{
    private static TrainingJob Job(string dtype, string? resume = null) => new()
    {
        Data = TestData.BreastCancer(),
        DataPath = TestData.BreastCancerPath,
        Model = () => Models.Mlp(30, 16, 2),
        Options = new TorchTrainerOptions { Epochs = 6, LearningRate = 0.01, Device = "cpu", Seed = 7, CheckpointEvery = 3, Dtype = dtype, ResumeFromRunId = resume },
    };

    [Fact]
    public async Task Bf16_LearnsAsWellAsFloat32_AndExportsAFloat32ModelThatOnnxRuntimeMatches()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var runner = new TrainingRunner(t.Workspace.Tracking);

        var fp32 = await runner.RunAsync(Job("float32"), new RunTarget("bf16"));
        var bf16 = await runner.RunAsync(Job("bf16"), new RunTarget("bf16"));

        Assert.InRange(bf16.Metrics["val_accuracy"], fp32.Metrics["val_accuracy"] - 0.03, 1);
        Assert.InRange(bf16.Metrics["val_loss"], 0, fp32.Metrics["val_loss"] + 0.05);
        Assert.True(bf16.OnnxMaxAbsDiff <= 1e-5, $"onnx diff {bf16.OnnxMaxAbsDiff}"); // the exported weights are the float32 masters
        Assert.Equal("bf16", (await t.Workspace.Tracking.GetRunAsync(bf16.RunId)).Param("dtype"));
        // Its checkpoint holds float32 weights: a float32 run resumes from it.
        var resumed = await runner.RunAsync(Job("float32", resume: bf16.RunId) with { Options = Job("float32").Options with { Epochs = 8, ResumeFromRunId = bf16.RunId } }, new RunTarget("bf16"));
        Assert.Equal(8, resumed.Training!.EpochsRun);
    }

    [Fact]
    public void Bf16_RefusesResume_AndAnUnknownDtypeIsNamed()
    {
        var resume = Assert.Throws<MlnbException>(() => new TorchTrainerOptions { Dtype = "bf16", ResumeFromRunId = "abc" }.Validate());
        Assert.Equal("--resume trains in float32 only; drop --dtype bf16 to resume", resume.Message);
        var unknown = Assert.Throws<MlnbException>(() => new TorchTrainerOptions { Dtype = "fp16" }.Validate());
        Assert.Equal("--dtype must be float32 or bf16, not 'fp16'", unknown.Message);
    }
}
