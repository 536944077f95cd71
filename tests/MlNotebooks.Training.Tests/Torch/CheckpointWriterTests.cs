using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Training.Tests.Torch;

/// <summary>Checkpoints written off the training thread: every one announced is whole, in order, and a failed write is not lost.</summary>
public sealed class CheckpointWriterTests
{
    [Fact]
    public async Task AFitWithACheckpointEveryEpoch_LeavesEachEpochsOwnWholeCheckpoint_AndLastPointsAtTheNewest()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var job = new TrainingJob
        {
            Data = TestData.BreastCancer(),
            Model = () => Models.Mlp(30, 16, 2),
            ExportOnnx = false,
            Options = new TorchTrainerOptions { Epochs = 5, BatchSize = 32, LearningRate = 0.01, Device = "cpu", Seed = 7, CheckpointEvery = 1 },
        };

        var result = await new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tests"));

        var artifacts = await t.Workspace.Tracking.ListArtifactsAsync(result.RunId, "checkpoints");
        var epochs = artifacts.Where(a => a.Path.StartsWith("checkpoints/epoch-", StringComparison.Ordinal)).OrderBy(a => a.Path).ToList();
        Assert.Equal(["checkpoints/epoch-0000.ckpt", "checkpoints/epoch-0001.ckpt", "checkpoints/epoch-0002.ckpt", "checkpoints/epoch-0003.ckpt", "checkpoints/epoch-0004.ckpt"], epochs.Select(a => a.Path));
        for (var e = 0; e < epochs.Count; e++)
        {
            Assert.True(await t.Workspace.Content.VerifyAsync(epochs[e].Md5));
            var header = Checkpoint.ReadHeader(await File.ReadAllBytesAsync(t.Workspace.Content.GetPath(epochs[e].Md5)), epochs[e].Path);
            Assert.Equal(e, header.Epoch); // the snapshot of that epoch, not a later state written late
        }
        Assert.Equal(5, epochs.Select(a => a.Md5).Distinct().Count());
        Assert.Equal(epochs[^1].Md5, artifacts.Single(a => a.Path == TorchTrainer.LastCheckpointPath).Md5);
        Assert.Equal("checkpoints/epoch-0004.ckpt", result.Training!.LastCheckpoint);
    }

    [Fact]
    public async Task AWriteThatFails_IsReportedByTheNextHandOver_NotLost()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var writer = new CheckpointWriter(t.Workspace.Tracking, "0123456789abcdef0123456789abcdef"); // no such run: the store refuses the artifact rows

        Assert.Equal("checkpoints/epoch-0000.ckpt", await writer.WriteAsync([1, 2, 3], 0, CancellationToken.None));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync([4, 5, 6], 1, CancellationToken.None));

        Assert.Contains("0123456789abcdef0123456789abcdef", e.Message);
        await writer.DrainAsync(); // nothing left in flight
        await writer.DisposeAsync();
    }
}
