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

    [Fact]
    public async Task MixedTypeRegression_PrintsTheTaskRule_AndRegressionMetricsEachEpoch()
    {
        using var p = await TrainProject.CreateAsync();
        var rng = new Random(1);
        File.WriteAllLines(System.IO.Path.Combine(p.Path, "mixed.csv"), ["id,a,color,y", .. Enumerable.Range(0, 300).Select(i =>
        {
            var a = rng.NextDouble();
            var color = i % 10 == 0 ? "" : i % 2 == 0 ? "red" : "blue";
            return FormattableString.Invariant($"row{i},{(i % 7 == 0 ? "NA" : a.ToString("R", System.Globalization.CultureInfo.InvariantCulture))},{color},{2 * a + (color == "red" ? 1 : 0):R}");
        })]);

        var r = await MlnbProcess.RunAsync(p.Path, "train", "mlp", "--data", "mixed.csv", "--features", "a,color", "--epochs", "2", "--checkpoint-every", "0");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("task: regression: label 'y' has ", r.Stdout);
        Assert.Matches(@"epoch 2/2  train_loss \S+  val_loss \S+  val_rmse \S+  val_r2 \S+", r.Stdout);
        Assert.Contains("a:number(missing), color:category(2)", r.Stdout);
        Assert.Contains("ONNX Runtime matches the trained model within", r.Stdout);
    }

    [Theory]
    [InlineData("--task", "ranking", "error: --task must be classification or regression, not 'ranking'")]
    [InlineData("--label", "price", "error: 'breast_cancer.csv' has no label column 'price'; its columns are f0, ")]
    [InlineData("--features", "f0,nope", "error: 'breast_cancer.csv' has no feature column 'nope'; its columns are f0, ")]
    public async Task BadColumnOptions_FailWithOneLine(string option, string value, string error)
    {
        using var p = await TrainProject.CreateAsync();
        var r = await MlnbProcess.RunAsync(p.Path, "train", "mlp", "--data", "breast_cancer.csv", option, value);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith(error, r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
