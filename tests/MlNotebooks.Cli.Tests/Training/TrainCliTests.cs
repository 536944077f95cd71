using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;

namespace MlNotebooks.Cli.Tests.Training;

/// <summary>`mlnb train` as a process: the machine-readable progress #!train reads, tracked data in lineage, bad input.</summary>
public sealed class TrainCliTests
{
    [Fact]
    public async Task ProgressJsonl_WritesStarted_OneLinePerEpoch_ThenTheResult()
    {
        using var p = await TrainProject.CreateAsync();

        var r = await MlnbProcess.RunAsync(p.Path, "train", "def.cs", "--data", "breast_cancer.csv", "--epochs", "3", "--progress", "jsonl", "--no-onnx");

        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Out.Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["started", "epoch", "epoch", "epoch", "result"], lines.Select(l => (string)l["event"]!));
        var runId = (string)lines[0]["run_id"]!;
        Assert.Equal([1, 2, 3], lines.Skip(1).Take(3).Select(l => (int)l["epoch"]!));
        Assert.All(lines.Skip(1).Take(3), l => Assert.Equal(3, (int)l["epochs"]!));
        Assert.Equal(runId, (string)lines[^1]["run_id"]!);
        Assert.Equal((double)lines[3]["val_loss"]!, (double)lines[^1]["metrics"]!["val_loss"]!);
        Assert.Null(lines[^1]["onnx_artifact"]);
    }

    [Fact]
    public async Task TrainingOnTrackedData_ShowsInLineage_AsTheTrackedVersion()
    {
        using var p = await TrainProject.CreateAsync();
        Assert.Equal(0, (await MlnbProcess.RunAsync(p.Path, "data", "add", "breast_cancer.csv")).ExitCode);

        var run = await MlnbProcess.RunAsync(p.Path, "train", "def.cs", "--data", "breast_cancer.csv", "-q");
        var lineage = await MlnbProcess.RunAsync(p.Path, "lineage", run.Out);

        Assert.True(lineage.ExitCode == 0, lineage.Stderr);
        Assert.Contains("data  breast_cancer.csv  md5 36ef90874abc87f4b4a8554dcc17cf6f  source_type: dvc  source: breast_cancer.csv.dvc  context: training", lineage.Stdout);
        Assert.Contains($"run  {run.Out}", lineage.Stdout);
    }

    [Fact]
    public async Task AnUnknownProgressFormat_IsRefused()
    {
        using var p = await TrainProject.CreateAsync();
        var r = await MlnbProcess.RunAsync(p.Path, "train", "def.cs", "--data", "breast_cancer.csv", "--progress", "xml");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --progress must be text or jsonl, not 'xml'", r.Stderr.Trim());
    }
}
