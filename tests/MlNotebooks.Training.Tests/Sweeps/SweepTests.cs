using MlNotebooks.Tracking;
using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Sweeps;
using MlNotebooks.Training.Tests.Support;

namespace MlNotebooks.Training.Tests.Sweeps;

public sealed class SweepTests
{
    [Fact]
    public void Grid_ExpandsToEveryCombination()
    {
        var trials = SweepPlan.Expand(["lr=0.1,0.01", "hidden=8,16,32"], [], null, 1);

        Assert.Equal(6, trials.Count);
        Assert.Equal(6, trials.Select(t => $"{t["lr"]}/{t["hidden"]}").Distinct().Count());
    }

    [Fact]
    public void Random_SamplesTheRangesReproduciblyWithinBounds()
    {
        var a = SweepPlan.Expand(["optimizer=adam,sgd"], ["lr=log:1e-4:1e-1", "hidden=8:64", "act=relu|gelu"], 20, 5);
        var b = SweepPlan.Expand(["optimizer=adam,sgd"], ["lr=log:1e-4:1e-1", "hidden=8:64", "act=relu|gelu"], 20, 5);

        Assert.Equal(20, a.Count);
        Assert.Equal(a.Select(t => string.Join(",", t.Values)), b.Select(t => string.Join(",", t.Values)));
        Assert.All(a, t => Assert.InRange(double.Parse(t["lr"], System.Globalization.CultureInfo.InvariantCulture), 1e-4, 1e-1));
        Assert.All(a, t => Assert.InRange(int.Parse(t["hidden"]), 8, 64));
        Assert.All(a, t => Assert.Contains(t["act"], new[] { "relu", "gelu" }));
    }

    [Fact]
    public void ABadRange_SaysHowToWriteOne()
    {
        var e = Assert.Throws<MlnbException>(() => SweepPlan.Expand([], ["lr=fast"], 3, 1));
        Assert.Contains("lr=log:lo:hi", e.Message);
    }

    [Fact]
    public async Task Runner_NestsTrialsUnderAParentRunAndReportsTheBest()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var trials = SweepPlan.Expand(["lr=0.03,0.0001"], [], null, 1);
        var data = TestData.BreastCancer();
        async Task<int> Launch(IReadOnlyDictionary<string, string> p, string parent, CancellationToken ct)
        {
            var job = await TrainingDefinitions.LoadAsync("logreg", new TrainingContext(p, TestData.BreastCancerPath, "cpu"), ct);
            await new TrainingRunner(t.Workspace.Tracking).RunAsync(job with { ExportOnnx = false, Options = job.Options with { Epochs = 3, CheckpointEvery = 0 } }, new RunTarget("sweep", ParentRunId: parent), cancellationToken: ct);
            return 0;
        }

        var result = await new SweepRunner(t.Workspace.Tracking).RunAsync("sweep", "logreg", trials, Launch, 2, "val_loss", minimize: true);

        Assert.Equal(2, result.Trials.Count);
        Assert.All(result.Trials, r => Assert.Equal(result.ParentRunId, r.ParentRunId));
        Assert.Equal("0.03", result.Best!.Param("lr"));
        var parent = await t.Workspace.Tracking.GetRunAsync(result.ParentRunId);
        Assert.Equal(result.Best.RunId, parent.Tag("mlnb.best_run_id"));
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
    }
}
