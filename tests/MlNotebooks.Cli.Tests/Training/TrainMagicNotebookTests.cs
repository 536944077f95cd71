using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;

namespace MlNotebooks.Cli.Tests.Training;

/// <summary>#!train end to end: a real notebook run by `mlnb notebook run`, training in child `mlnb train` processes.</summary>
public sealed class TrainMagicNotebookTests
{
    [Fact]
    public async Task ANotebook_TrainsTheCellCodeAndAFile_AsChildrenOfTheTrackedRun_WithLiveChartsAndSummaries()
    {
        using var p = await TrainProject.CreateAsync();
        var nb = p.Notebook("train.ipynb",
            "#!track start --experiment nb-train --name outer",
            "#!train --epochs 3 --data breast_cancer.csv --param hidden=6 --name from-cell\n" + TrainProject.Definition,
            "#!train def.cs --data breast_cancer.csv --name from-file",
            "#!track end");

        var r = await MlnbProcess.RunAsync(p.Path, "notebook", "run", nb, "-o", p.File("out.ipynb"), "-q");

        Assert.True(r.ExitCode == 0, r.Stderr);
        await using var ws = await p.OpenAsync();
        var runs = (await ws.Tracking.SearchRunsAsync(["nb-train"])).Items;
        var outer = Assert.Single(runs, x => x.Info.RunName == "outer");
        var fromCell = Assert.Single(runs, x => x.Info.RunName == "from-cell");
        var fromFile = Assert.Single(runs, x => x.Info.RunName == "from-file");
        Assert.Equal(outer.RunId, fromCell.ParentRunId);
        Assert.Equal(outer.RunId, fromFile.ParentRunId);
        Assert.Equal(MlNotebooks.Tracking.RunStatus.Finished, fromCell.Info.Status);
        Assert.Equal("6", fromCell.Param("param.hidden"));
        Assert.Equal("Sequential(Linear(30→6), ReLU, Linear(6→2))", fromCell.Param("model_summary"));
        Assert.Equal(3, (await ws.Tracking.GetMetricHistoryAsync(fromCell.RunId, "val_loss")).Count);
        Assert.Equal(2, (await ws.Tracking.GetMetricHistoryAsync(fromFile.RunId, "val_loss")).Count); // the file's own Epochs
        Assert.True(fromFile.Metric("val_accuracy") > 0.8);

        var cells = ((JsonArray)JsonNode.Parse(await File.ReadAllTextAsync(p.File("out.ipynb")))!["cells"]!).Select(c => Text(c!["outputs"])).ToList();
        // One chart display per #!train, updated in place to its last epoch, then the run summary.
        Assert.Contains("#!train this cell: epoch 3/3", cells[1]);
        Assert.Contains($"run {fromCell.RunId} FINISHED in experiment 'nb-train', child of run {outer.RunId}", cells[1]);
        Assert.Contains("model/model.onnx", cells[1]);
        Assert.Contains("#!train def.cs: epoch 2/2", cells[2]);
        Assert.Contains($"run {fromFile.RunId} FINISHED", cells[2]);
    }

    /// <summary>Every string in a cell's outputs, joined (HTML and text alike).</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(Text)),
        JsonObject o => string.Concat(o.Select(kv => Text(kv.Value))),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };
}
