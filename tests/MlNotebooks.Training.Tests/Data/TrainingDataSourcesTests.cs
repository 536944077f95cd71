using Microsoft.Data.Analysis;
using MlNotebooks.Data;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace MlNotebooks.Training.Tests.Data;

/// <summary>What the trainer reads besides CSV: Parquet files, DataFrames, and data tracked with data versioning.</summary>
public sealed class TrainingDataSourcesTests
{
    /// <summary>breast_cancer.csv written as Parquet: 30 double feature columns (the CSV's names) and a long label.</summary>
    private static async Task WriteBreastCancerParquetAsync(string path, int rows = int.MaxValue)
    {
        var csv = TestData.BreastCancer();
        var n = Math.Min(rows, csv.Rows);
        var fields = csv.FeatureNames.Select(name => new DataField<double>(name)).ToList();
        var label = new DataField<long>("target");
        await using var f = File.Create(path);
        await using var w = await ParquetWriter.CreateAsync(new ParquetSchema([.. fields, label]), f);
        using var g = w.CreateRowGroup();
        for (var j = 0; j < fields.Count; j++)
            await g.WriteAsync(fields[j], new ReadOnlyMemory<double>([.. Enumerable.Range(0, n).Select(i => (double)csv.Features[i * csv.Columns + j])]));
        await g.WriteAsync(label, new ReadOnlyMemory<long>([.. csv.Labels.Take(n).Select(v => (long)v)]));
    }

    [Fact]
    public async Task AParquetFile_LoadsAsTheSameRowsAsItsCsv()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlnb-bc-" + Guid.NewGuid().ToString("N")[..8] + ".parquet");
        await WriteBreastCancerParquetAsync(path);
        try
        {
            var csv = TestData.BreastCancer();
            var parquet = TabularData.Load(path);

            Assert.Equal(csv.Columns, parquet.Columns);
            Assert.Equal(2, parquet.Classes);
            Assert.Equal(csv.FeatureNames, parquet.FeatureNames);
            Assert.Equal(csv.Features, parquet.Features);
            Assert.Equal(csv.Labels, parquet.Labels);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ADataFrame_TakesTheNamedLabel_TextColumnsAsCategories_AndNullsAsMissing()
    {
        var frame = new DataFrame(new PrimitiveDataFrameColumn<double>("a", [1, 2, 3]), new PrimitiveDataFrameColumn<int>("y", [0, 2, 1]), new PrimitiveDataFrameColumn<bool>("b", [true, false, true]));

        var data = TabularData.FromDataFrame(frame, label: "y");

        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal([1f, 1f, 2f, 0f, 3f, 1f], data.Features);
        Assert.Equal([0f, 2f, 1f], data.Labels);
        Assert.Equal(3, data.Classes);
        Assert.Null(data.Schema);
        var text = TabularData.FromDataFrame(new DataFrame(new StringDataFrameColumn("city", ["x", "y", null]), new PrimitiveDataFrameColumn<int>("y", [0, 1, 1])));
        Assert.Equal(["city=x", "city=y", "city=<unknown>"], text.FeatureNames);
        Assert.Equal([1f, 0, 0, 0, 1, 0, 0, 0, 1], text.Features);
        var missing = TabularData.FromDataFrame(new DataFrame(new PrimitiveDataFrameColumn<double>("a", [1, null]), new PrimitiveDataFrameColumn<int>("y", [0, 1])));
        Assert.Equal(["a", "a_missing"], missing.FeatureNames);
        Assert.Equal(1f, missing.Features[3]);
        Assert.True(float.IsNaN(missing.Features[2]));
        var dates = Assert.Throws<MlnbException>(() => TabularData.FromDataFrame(new DataFrame(new PrimitiveDataFrameColumn<DateTime>("day", [DateTime.UnixEpoch]), new PrimitiveDataFrameColumn<int>("y", [0]))));
        Assert.StartsWith("the DataFrame column 'day' holds dates", dates.Message);
        var label = Assert.Throws<MlnbException>(() => TabularData.FromDataFrame(frame, label: "target"));
        Assert.Contains("has no label column 'target'; its columns are a, y, b", label.Message);
    }

    [Fact]
    public async Task TrackedParquet_IsRecordedAsItsVersion_AndAChangedCopyAsLocalData()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlnb-tracked-" + Guid.NewGuid().ToString("N")[..12]);
        await using var ws = await Workspace.InitAsync(dir);
        try
        {
            var path = Path.Combine(dir, "bc.parquet");
            await WriteBreastCancerParquetAsync(path);
            var tracked = Assert.Single(await ws.Data.AddAsync([path]));
            var runner = new TrainingRunner(ws.Tracking, ws.Data);
            async Task<Run> TrainAsync()
            {
                var job = await TrainingDefinitions.LoadAsync("logreg", new TrainingContext(new Dictionary<string, string> { ["epochs"] = "1" }, path, "cpu"));
                var result = await runner.RunAsync(job with { ExportOnnx = false, Options = job.Options with { CheckpointEvery = 0 } }, new RunTarget("tracked"));
                return await ws.Tracking.GetRunAsync(result.RunId);
            }

            var input = Assert.Single((await TrainAsync()).Inputs);
            Assert.Equal(new DatasetInput("bc.parquet", tracked.Output.Md5, "dvc", "bc.parquet.dvc", "training"), input);

            File.SetAttributes(path, FileAttributes.Normal);
            await WriteBreastCancerParquetAsync(path, rows: 300); // edited after `data add`: not the tracked version
            var changed = Assert.Single((await TrainAsync()).Inputs);
            Assert.Equal("local", changed.SourceType);
            Assert.NotEqual(tracked.Output.Md5, changed.Digest);
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(dir, recursive: true);
        }
    }
}
