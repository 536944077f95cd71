using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Training.Tests.Onnx;

/// <summary>
/// Regression and mixed-type data end to end, in one test process (libtorch loads once): training through the runner,
/// the featurization inside the exported graph checked against the trained model (1e-5) with text and NaN, Debian's
/// ONNX checker, registry gates on regression metrics, and a real server on 127.0.0.1 over v2 and /invocations.
/// </summary>
public sealed class TabularModelTests
{
    private static string SeattlePath => Path.Combine(AppContext.BaseDirectory, "data", "seattle-weather.csv");

    private static async Task<byte[]> ModelBytesAsync(TempWorkspace t, string runId)
    {
        var dir = Path.Combine(t.Dir, "dl-" + runId);
        await t.Workspace.Tracking.DownloadArtifactsAsync(runId, "model", dir);
        return File.ReadAllBytes(Path.Combine(dir, "model", "model.onnx"));
    }

    private static async Task<JobResult> TrainAsync(TempWorkspace t, string definition, string data, TabularOptions tabular, Dictionary<string, string> p, Func<TrainedModel, Task>? after = null)
    {
        var job = await TrainingDefinitions.LoadAsync(definition, new TrainingContext(p, data, "cpu", tabular));
        job = job with { Options = job.Options with { Device = "cpu", CheckpointEvery = 0 }, AfterFit = after };
        return await new TrainingRunner(t.Workspace.Tracking).RunAsync(job, new RunTarget("tabular"));
    }

    [Fact]
    public async Task ALinearRelation_IsLearnedAsRegression_WithR2Above099_AndItsOnnxModelMatches()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var rng = new Random(3);
        var csv = new StringBuilder("a,b,c,y\n");
        for (var i = 0; i < 2000; i++)
        {
            double a = rng.NextDouble() * 4 - 2, b = rng.NextDouble() * 4 - 2, c = rng.NextDouble() * 4 - 2;
            var noise = (rng.NextDouble() - 0.5) * 0.1;
            csv.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{c:R},{3 * a - 2 * b + 0.5 * c + 4 + noise:R}\n");
        }
        var path = Path.Combine(t.Dir, "linear.csv");
        await File.WriteAllTextAsync(path, csv.ToString());

        var result = await TrainAsync(t, "logreg", path, new TabularOptions(), new() { ["lr"] = "0.05", ["epochs"] = "30" });

        Assert.True(result.Metrics["val_r2"] > 0.99, $"r2 {result.Metrics["val_r2"]}");
        Assert.True(result.Metrics["val_rmse"] < 0.2, $"rmse {result.Metrics["val_rmse"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5);
        var run = await t.Workspace.Tracking.GetRunAsync(result.RunId);
        Assert.Equal("regression", run.Params.Single(p => p.Key == "task").Value);
        Assert.StartsWith("regression: label 'y' has 2000 distinct values", run.Tags.Single(p => p.Key == "mlnb.task_rule").Value);
        Assert.Equal(30, (await t.Workspace.Tracking.GetMetricHistoryAsync(result.RunId, "val_r2")).Count);
        var (code, output) = OnnxChecker.Check(await ModelBytesAsync(t, result.RunId));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task RealMixedTypeRegression_TakesRawRows_InProcess_OverV2_AndInvocations_AndGatesJudgeR2()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var tabular = new TabularOptions { Label = "temp_max", Features = ["precipitation", "temp_min", "wind", "weather"] };
        var result = await TrainAsync(t, "mlp", SeattlePath, tabular, new() { ["epochs"] = "20" });

        Assert.True(result.Metrics["val_r2"] > 0.8, $"r2 {result.Metrics["val_r2"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5);
        var onnx = await ModelBytesAsync(t, result.RunId);
        var (code, output) = OnnxChecker.Check(onnx);
        Assert.True(code == 0, output);
        var dir = Path.Combine(t.Dir, "dl-" + result.RunId, "model");
        var signature = MlNotebooks.Training.Onnx.ModelPackage.ReadSignature(File.ReadAllBytes(Path.Combine(dir, "signature.json")));
        Assert.Equal(["precipitation:float32", "temp_min:float32", "wind:float32", "weather:string"], signature.Inputs.Select(i => $"{i.Name}:{i.Dtype}"));
        Assert.Equal(["drizzle", "fog", "rain", "snow", "sun"], signature.Columns![3].Categories);
        Assert.Equal("regression", signature.Task);

        // In process: two raw rows, one with a weather never seen in training (the unknown bucket) and a missing wind.
        var rows = TabularData.FromColumns([
            new RawColumn("precipitation", [0f, 10.9f], null), new RawColumn("temp_min", [5f, 2.8f], null), new RawColumn("wind", [4.7f, float.NaN], null),
            new RawColumn("weather", null, ["drizzle", "hail"]), new RawColumn("temp_max", [12.8f, 10.6f], null)]);
        var fitted = new FeatureSchema(signature.Columns!) { Fitted = true };
        var inProcess = OnnxVerifier.Run(onnx, rows.Refeaturize(fitted));
        Assert.Equal(2, inProcess.Length);
        Assert.All(inProcess, v => Assert.True(float.IsFinite(v)));

        // Registry gates judge the regression metrics.
        var version = await t.Workspace.Registry.RegisterAsync(result.RunId, "model/model.onnx", "temps", new OnnxSignatureReader());
        await t.Workspace.Registry.SetGatesAsync("temps", "production", ["metrics.val_r2 >= 0.99"]);
        var refused = await Assert.ThrowsAsync<MlnbException>(() => t.Workspace.Registry.PromoteAsync("temps", version.Version, "production"));
        Assert.Contains("'metrics.val_r2 >= 0.99' failed", refused.Message);
        await t.Workspace.Registry.SetGatesAsync("temps", "production", ["metrics.val_r2 >= 0.8", "metrics.val_rmse <= 5"]);
        await t.Workspace.Registry.PromoteAsync("temps", version.Version, "production");

        // Served on 127.0.0.1: OIP v2 with a BYTES tensor, and /invocations dataframe_split with mixed types and a null.
        await using var server = await ModelServer.StartAsync(t.Workspace, new ModelServerOptions { Models = ["models:/temps@production"], Port = 0, Log = _ => { } });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        JsonObject Input(string name, string datatype, JsonArray data) => new() { ["name"] = name, ["shape"] = new JsonArray(2, 1), ["datatype"] = datatype, ["data"] = data };
        var v2 = new JsonObject
        {
            ["inputs"] = new JsonArray(Input("precipitation", "FP32", [0, 10.9]), Input("temp_min", "FP32", [5, 2.8]), Input("wind", "FP32", [4.7, null]), Input("weather", "BYTES", ["drizzle", "hail"])),
        };
        var v2Response = await http.PostAsJsonAsync(new Uri(server.BaseAddress, "v2/models/temps/infer"), v2);
        var v2Body = JsonNode.Parse(await v2Response.Content.ReadAsStringAsync())!;
        Assert.True(v2Response.IsSuccessStatusCode, v2Body.ToJsonString());
        var v2Values = v2Body["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(inProcess, v2Values);

        var split = JsonNode.Parse("""{"dataframe_split": {"columns": ["weather", "wind", "temp_min", "precipitation"], "data": [["drizzle", 4.7, 5.0, 0.0], ["hail", null, 2.8, 10.9]]}}""")!;
        var invocations = await http.PostAsJsonAsync(new Uri(server.BaseAddress, "invocations"), split);
        var invBody = JsonNode.Parse(await invocations.Content.ReadAsStringAsync())!;
        Assert.True(invocations.IsSuccessStatusCode, invBody.ToJsonString());
        Assert.Equal(inProcess, invBody["predictions"]!.AsArray().Select(r => r!.AsArray()[0]!.GetValue<float>()).ToArray());
    }

    [Fact]
    public async Task ClassificationWithCategoriesAndMissingValues_OnnxMatchesTheModel_AndAnUnseenCategoryGoesToTheUnknownBucket()
    {
        await using var t = await TempWorkspace.CreateAsync();
        var rng = new Random(5);
        var csv = new StringBuilder("color,size,noise,label\n");
        string[] colors = ["red", "green", "blue"];
        for (var i = 0; i < 1500; i++)
        {
            var color = rng.NextDouble() < 0.1 ? "" : colors[rng.Next(3)];
            var size = rng.NextDouble() * 4 - 2;
            var missing = rng.NextDouble() < 0.15;
            var label = missing ? 1 : (color == "red") ^ (size > 0) ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{color},{(missing ? "NA" : size.ToString("R", CultureInfo.InvariantCulture))},{rng.NextDouble():R},{label}\n");
        }
        var path = Path.Combine(t.Dir, "mixed.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        float[]? expectedUnseen = null;
        TabularData? unseen = null;

        var result = await TrainAsync(t, "mlp", path, new TabularOptions(), new() { ["epochs"] = "40", ["hidden"] = "32" }, trained =>
        {
            // Rows as a server may get them: a color never seen in training, a missing color, a missing size.
            var schema = trained.Validation.Schema!;
            unseen = new TabularData(new float[4 * schema.Width], [0, 0, 0, 0], schema.Width, 2)
            {
                Raw = [new RawColumn("color", null, ["purple", null, "red", "blue"]), new RawColumn("size", [1f, -1f, float.NaN, 0.5f], null), new RawColumn("noise", [0.5f, 0.5f, 0.5f, 0.5f], null)],
                Schema = schema,
            }.Refeaturize(schema);
            expectedUnseen = TorchPredictor.Predict(trained.Model, unseen, trained.Result.Standardizer, null, softmax: true);
            return Task.CompletedTask;
        });

        Assert.True(result.Metrics["val_accuracy"] > 0.9, $"accuracy {result.Metrics["val_accuracy"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5); // the validation rows hold missing colors and NaN sizes
        Assert.Equal(["color=blue", "color=green", "color=red", "color=<unknown>"], unseen!.FeatureNames.Take(4));
        Assert.Equal([0f, 0, 0, 1], unseen.Row(0)[..4].ToArray()); // purple → unknown
        var onnx = await ModelBytesAsync(t, result.RunId);
        Assert.True(OnnxVerifier.Verify(onnx, unseen, expectedUnseen!) <= 1e-5);
        var (code, output) = OnnxChecker.Check(onnx);
        Assert.True(code == 0, output);
        var run = await t.Workspace.Tracking.GetRunAsync(result.RunId);
        Assert.Equal("color:category(3), size:number(missing), noise:number", run.Params.Single(p => p.Key == "columns").Value);
    }

    [Theory]
    [InlineData("sdca")]
    [InlineData("lightgbm")]
    public async Task MlNetTrainers_OnMixedTypes_ExportTheFeaturizationInFrontOfTheirGraph(string trainer)
    {
        await using var t = await TempWorkspace.CreateAsync();
        // seattle-weather with a missing wind every 10th row: a text column and missing numbers.
        var lines = File.ReadAllLines(SeattlePath);
        var path = Path.Combine(t.Dir, "seattle-missing.csv");
        await File.WriteAllLinesAsync(path, lines.Select((l, i) => i > 0 && i % 10 == 0 ? string.Join(",", l.Split(',').Select((c, j) => j == 4 ? "" : c)) : l));
        var tabular = new TabularOptions { Label = "temp_max", Features = ["precipitation", "temp_min", "wind", "weather"] };

        var result = await TrainAsync(t, trainer, path, tabular, new() { ["epochs"] = "50" });

        Assert.True(result.Metrics["val_r2"] > 0.7, $"r2 {result.Metrics["val_r2"]}");
        Assert.True(result.OnnxMaxAbsDiff <= 1e-5);
        var onnx = await ModelBytesAsync(t, result.RunId);
        var (code, output) = OnnxChecker.Check(onnx);
        Assert.True(code == 0, output);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        Assert.Equal(["precipitation", "temp_min", "wind", "weather"], session.InputMetadata.Keys);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String, session.InputMetadata["weather"].ElementDataType);
    }
}
