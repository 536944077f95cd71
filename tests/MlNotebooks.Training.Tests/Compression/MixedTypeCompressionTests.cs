using MlNotebooks.Training.Compression;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;

namespace MlNotebooks.Training.Tests.Compression;

/// <summary>
/// One workspace with an MLP regressor trained on seattle-weather.csv with a text column (weather) and registered as
/// models:/temps/1: its ONNX model takes one input per raw column (float32 or string [batch, 1]), shared by the class.
/// </summary>
public sealed class MixedTypeFixture : IAsyncLifetime
{
    public static string SeattlePath => Path.Combine(AppContext.BaseDirectory, "data", "seattle-weather.csv");

    public TempWorkspace Ws { get; private set; } = null!;

    public string SourceRunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Ws = await TempWorkspace.CreateAsync();
        var tabular = new TabularOptions { Label = "temp_max", Features = ["precipitation", "temp_min", "wind", "weather"] };
        var job = await TrainingDefinitions.LoadAsync("mlp", new TrainingContext(new Dictionary<string, string> { ["epochs"] = "10" }, SeattlePath, "cpu", tabular));
        job = job with { Options = job.Options with { Device = "cpu", CheckpointEvery = 0 } };
        var r = await new TrainingRunner(Ws.Workspace.Tracking).RunAsync(job, new RunTarget("compression-mixed"));
        SourceRunId = r.RunId;
        await Ws.Workspace.Registry.RegisterAsync(r.RunId, "model", "temps");
    }

    public async Task DisposeAsync() => await Ws.DisposeAsync();
}

/// <summary>`models compress` on a model taking raw columns: rows fed per column (text, NaN), regression deltas, calibration by column name.</summary>
public sealed class MixedTypeCompressionTests(MixedTypeFixture f) : IClassFixture<MixedTypeFixture>
{
    private ModelCompressor Compressor => new(f.Ws.Workspace.Registry, f.Ws.Workspace.Tracking);

    /// <summary>Raw rows as a server may get them: a weather never seen in training, a missing weather, a missing wind.</summary>
    private static TabularData OddRows(FeatureSchema fitted) => TabularData.FromColumns([
        new RawColumn("precipitation", [0f, 10.9f, 3f, 0f], null), new RawColumn("temp_min", [5f, 2.8f, 11f, -3f], null),
        new RawColumn("wind", [4.7f, float.NaN, float.NaN, 2f], null), new RawColumn("weather", null, ["drizzle", "hail", null, "sun"]),
        new RawColumn("temp_max", [12.8f, 10.6f, 15f, 2f], null)]).Refeaturize(fitted);

    private async Task<(byte[] Source, byte[] Compressed, FeatureSchema Fitted)> ModelsAsync(CompressionResult r)
    {
        var registry = f.Ws.Workspace.Registry;
        // The compressed run carries the source run's signature.json, raw columns and fill values included.
        var dir = Path.Combine(f.Ws.Dir, "dl-" + r.RunId);
        await f.Ws.Workspace.Tracking.DownloadArtifactsAsync(r.RunId, "model", dir);
        var signature = ModelPackage.ReadSignature(await File.ReadAllBytesAsync(Path.Combine(dir, "model", "signature.json")));
        Assert.Equal(["precipitation", "temp_min", "wind", "weather"], signature.Columns!.Select(c => c.Name));
        return (await File.ReadAllBytesAsync(registry.GetFilePath(r.Source.Package.Model)), await File.ReadAllBytesAsync(registry.GetFilePath(r.Version.Package.Model)),
            new FeatureSchema(signature.Columns!) { Fitted = true });
    }

    [Fact]
    public async Task DynamicQuantization_EvaluatesOnTheRecordedValidationRows_PerColumn_AndLogsRegressionDeltas()
    {
        var before = (await f.Ws.Workspace.Registry.ListVersionsAsync("temps")).Count;

        var r = await Compressor.CompressAsync("models:/temps/1", new CompressionOptions { Quantize = QuantizeMode.Dynamic, LatencyCalls = 20, LatencyRounds = 1 });

        Assert.Equal(before + 1, r.Version.Version);
        Assert.Equal(2, r.Nodes); // the MLP's two layers, not the featurizer's row sum
        // The split is the one the trainer held out: the source's RMSE and R² are those it logged.
        var trained = await f.Ws.Workspace.Tracking.GetRunAsync(f.SourceRunId);
        Assert.Equal($"{trained.Param("val_rows")} validation rows of seattle-weather.csv (seed {trained.Param("seed")})", r.EvaluatedOn);
        Assert.Equal(trained.Metric("val_rmse")!.Value, r.SourceQuality.Rmse!.Value, 3);
        Assert.Equal(trained.Metric("val_r2")!.Value, r.SourceQuality.R2!.Value, 3);
        var run = await f.Ws.Workspace.Tracking.GetRunAsync(r.RunId);
        Assert.Equal(r.RmseDelta!.Value, run.Metric("compression.rmse_delta")!.Value, 9);
        Assert.Equal(r.Quality.R2!.Value - r.SourceQuality.R2.Value, run.Metric("compression.r2_delta")!.Value, 9);
        Assert.True(Math.Abs(r.RmseDelta.Value) < 0.2, $"rmse delta {r.RmseDelta}");
        Assert.True(run.Metric("compression.latency_ratio") > 0);
        Assert.Null(r.AccuracyDelta);

        var (source, compressed, fitted) = await ModelsAsync(r);
        Assert.Equal(0, OnnxChecker.Check(compressed).ExitCode);
        // The featurizer's row sum (the unknown-weather bucket) is left float; the MLP's layers are quantized.
        var ops = OnnxCompression.OpTypes(compressed);
        Assert.Contains("DynamicQuantizeLinear", ops);
        Assert.Contains("MatMul", ops);
        var rows = OddRows(fitted);
        var expected = OnnxVerifier.Run(source, rows);
        var actual = OnnxVerifier.Run(compressed, rows);
        Assert.Equal(4, actual.Length);
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 0.5, $"row {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public async Task StaticQuantization_CalibratesOnRawColumns_ByName_WithTextAndMissingValues()
    {
        // The columns in another order, no label, every 7th wind missing and every 11th weather unseen.
        var calibration = Path.Combine(f.Ws.Dir, "calibration.csv");
        var lines = File.ReadAllLines(MixedTypeFixture.SeattlePath);
        var header = lines[0].Split(',');
        int Col(string n) => Array.IndexOf(header, n);
        await File.WriteAllLinesAsync(calibration, ["weather,wind,temp_min,precipitation", .. lines.Skip(1).Take(300).Select((l, i) =>
        {
            var c = l.Split(',');
            return $"{(i % 11 == 0 ? "hail" : c[Col("weather")])},{(i % 7 == 0 ? "" : c[Col("wind")])},{c[Col("temp_min")]},{c[Col("precipitation")]}";
        })]);

        var r = await Compressor.CompressAsync("models:/temps/1", new CompressionOptions { Quantize = QuantizeMode.Static, CalibrationPath = calibration, LatencyCalls = 20, LatencyRounds = 1 });

        var (source, compressed, fitted) = await ModelsAsync(r);
        Assert.Contains("QuantizeLinear", OnnxCompression.OpTypes(compressed));
        Assert.Equal(0, OnnxChecker.Check(compressed).ExitCode);
        Assert.True(Math.Abs(r.RmseDelta!.Value) < 0.2, $"rmse delta {r.RmseDelta}");
        var rows = OddRows(fitted);
        var expected = OnnxVerifier.Run(source, rows);
        var actual = OnnxVerifier.Run(compressed, rows);
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 0.5, $"row {i}: {actual[i]} vs {expected[i]}");
        var run = await f.Ws.Workspace.Tracking.GetRunAsync(r.RunId);
        Assert.Contains(run.Inputs, i => i.Name == "calibration.csv" && i.Context == "calibration");
    }

    [Fact]
    public async Task Pruning_LeavesTheFeaturizersRowSumWhole_SoAnUnseenCategoryStillGoesToTheUnknownBucket()
    {
        var r = await Compressor.CompressAsync("models:/temps/1", new CompressionOptions { Prune = 0.9, LatencyCalls = 20, LatencyRounds = 1 });

        var (source, compressed, _) = await ModelsAsync(r);
        Assert.True(r.Sparsity >= 0.9);
        // The [5, 1] weight of ones that counts the known weathers is still all ones, in the source and after pruning.
        static float[] Ones(byte[] onnx) => OnnxDocument.Parse(onnx, "m").Initializers.Single(t => t.Dims is [5, 1]).Floats()!;
        Assert.Equal(Enumerable.Repeat(1f, 5), Ones(source));
        Assert.Equal(Enumerable.Repeat(1f, 5), Ones(compressed));
        Assert.True(r.RmseDelta > 0, $"pruning 90% of the weights cost nothing: {r.RmseDelta}");
    }

    [Fact]
    public async Task GivenData_WithTheLabelByName_IsWhatTheModelsAreComparedOn()
    {
        var r = await Compressor.CompressAsync("models:/temps/1", new CompressionOptions { Quantize = QuantizeMode.Dynamic, DataPath = MixedTypeFixture.SeattlePath, LatencyCalls = 20, LatencyRounds = 1 });

        Assert.Equal("1461 rows of seattle-weather.csv", r.EvaluatedOn);
        Assert.True(r.SourceQuality.R2 > 0.5, $"r2 {r.SourceQuality.R2}");
    }

    [Fact]
    public async Task BadInputs_NameTheMissingOrMistypedColumn_AndRegisterNothing()
    {
        var before = (await f.Ws.Workspace.Registry.ListVersionsAsync("temps")).Count;
        var noWind = Path.Combine(f.Ws.Dir, "no-wind.csv");
        await File.WriteAllLinesAsync(noWind, ["precipitation,temp_min,weather", "0,5,sun", "1.5,3,rain"]);
        var textWind = Path.Combine(f.Ws.Dir, "text-wind.csv");
        await File.WriteAllLinesAsync(textWind, ["precipitation,temp_min,wind,weather,temp_max", "0,5,calm,sun,10", "1.5,3,4,rain,8"]);
        async Task<string> Fails(CompressionOptions o) => (await Assert.ThrowsAsync<MlnbException>(() => Compressor.CompressAsync("models:/temps/1", o))).Message;

        var missing = await Fails(new() { Quantize = QuantizeMode.Static, CalibrationPath = noWind });
        var mistyped = await Fails(new() { Quantize = QuantizeMode.Dynamic, DataPath = textWind });

        Assert.Equal($"calibration data '{noWind}' has no column 'wind', which models:/temps/1 takes as an input; give a column for each of its inputs (precipitation, temp_min, wind, weather); its columns are precipitation, temp_min, weather", missing);
        Assert.Equal($"evaluation data '{textWind}' column 'wind' holds text ('calm') but models:/temps/1 takes numbers there; give numbers (missing ones empty)", mistyped);
        Assert.Equal(before, (await f.Ws.Workspace.Registry.ListVersionsAsync("temps")).Count);
    }
}
