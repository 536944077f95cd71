using System.Text.Json;
using MlNotebooks.Serving.Scoring;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Scoring;

[Collection(ServingCollection.Name)]
public sealed class BatchPredictionTests(TrainedModels models)
{
    private static async Task<string> CsvAsync(ServingWorld w, int rows, bool dropColumn = false)
    {
        var names = BreastCancerOnnx.FeatureNames.Where(n => !dropColumn || n != "mean_area").ToArray();
        var path = w.TempFile("in.csv");
        var lines = w.Rows(rows).Select(r => string.Join(",", r.Where((_, i) => !dropColumn || i != 3).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        await File.WriteAllLinesAsync(path, [string.Join(",", names), .. lines]);
        return path;
    }

    [Fact]
    public async Task Predict_StreamsACsvInChunks_WritingOneRowPerInputRow_WithProgress()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var input = await CsvAsync(w, 250);
        var reports = new List<long>();
        var result = await BatchPrediction.RunAsync(w.Registry, "models:/cancer@production", input, w.TempFile("out.csv"), chunkRows: 100, progress: new SyncProgress(reports.Add));
        Assert.Equal((250L, 1), (result.Rows, result.Model.Version));
        Assert.Equal([100L, 200L, 250L], reports);
        var lines = await File.ReadAllLinesAsync(result.OutputPath);
        Assert.Equal("PredictedLabel.output,Probability.output", lines[0]);
        Assert.Equal(251, lines.Length);
        // The same rows through the model in one call give the same labels.
        using var model = await MlNotebooks.Serving.Runtime.OnnxModel.LoadAsync(w.Registry, result.Model);
        var direct = model.Run([new("Features", "FP32", [250, 30], w.Rows(250).SelectMany(r => r).ToArray())], ["PredictedLabel.output"]);
        Assert.Equal(((bool[])direct[0].Data).Select(b => b ? "true" : "false"), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Predict_ReadsParquet_ColumnsByName_AcrossRowGroups()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var rows = w.Rows(30);
        var path = w.TempFile("in.parquet");
        // Doubles (not the model's FP32) and an extra string column, in two row groups.
        var fields = BreastCancerOnnx.FeatureNames.Select(n => new Parquet.Schema.DataField<double>(n)).ToArray();
        var note = new Parquet.Schema.DataField<string>("note");
        await using (var stream = File.Create(path))
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema([.. fields, note]), stream))
        {
            foreach (var part in new[] { rows[..20], rows[20..] })
            {
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                    await group.WriteAsync<double>(fields[c], part.Select(r => (double)r[c]).ToArray().AsMemory());
                await group.WriteAsync(note, part.Select(_ => "x").ToArray());
            }
        }
        var result = await BatchPrediction.RunAsync(w.Registry, "models:/cancer/1", path, w.TempFile("out.csv"), chunkRows: 8);
        Assert.Equal(30, result.Rows);
        using var model = await MlNotebooks.Serving.Runtime.OnnxModel.LoadAsync(w.Registry, result.Model);
        var direct = model.Run([new("Features", "FP32", [30, 30], rows.SelectMany(r => r).ToArray())], ["PredictedLabel.output"]);
        Assert.Equal(((bool[])direct[0].Data).Select(b => b ? "true" : "false"), (await File.ReadAllLinesAsync(result.OutputPath)).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Predict_ToJsonLines_WritesAnObjectPerRow()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var result = await BatchPrediction.RunAsync(w.Registry, "models:/cancer/1", await CsvAsync(w, 3), w.TempFile("out.jsonl"));
        var first = JsonDocument.Parse((await File.ReadAllLinesAsync(result.OutputPath))[0]).RootElement;
        Assert.Equal(JsonValueKind.False, first.GetProperty("PredictedLabel.output").ValueKind);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("Probability.output").ValueKind);
    }

    [Fact]
    public async Task Predict_MissingColumn_NamesItAndTheRows()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var e = await Assert.ThrowsAsync<MlnbException>(() => BatchPrediction.RunAsync(w.Registry, "models:/cancer/1", CsvAsync(w, 5, dropColumn: true).Result, w.TempFile("out.csv")));
        Assert.Contains("rows 1-5", e.Message);
        Assert.Contains("column 'mean_area' is missing", e.Message);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
