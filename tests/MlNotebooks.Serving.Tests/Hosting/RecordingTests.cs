using System.Globalization;
using System.Text;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Hosting;

[Collection(ServingCollection.Name)]
public sealed class RecordingTests(TrainedModels models)
{
    private static RecordingOptions Options(ServingWorld w, double rate = 1.0, int capacity = 10_000, string? reference = null) => new()
    {
        Directory = w.TempFile("recordings"),
        Rate = rate,
        Capacity = capacity,
        Window = TimeSpan.FromHours(1),
        DriftReference = reference,
        DriftInterval = TimeSpan.FromMilliseconds(100),
        DriftMinRows = 10,
    };

    private static string[] Windows(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "*.parquet", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task AtRateOne_EveryRequestIsARow_NamedAsTheSignaturesColumns_InOneParquetWindowPerVersion_ThatMonitorDriftReads()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var options = Options(w);
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Recording = options });
        var rows = w.Rows(25);
        foreach (var r in rows)
            Assert.Equal(200, (await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString())).Status);
        await server.Recorder!.FlushAsync();

        var files = Windows(options.Directory);
        var file = Assert.Single(files);
        Assert.Equal(Path.Combine(options.Directory, "cancer", "v1"), Path.GetDirectoryName(file));
        var table = await MonitoringFiles.ReadAsync(file);
        Assert.Equal(rows.Length, table.RowCount);
        for (var k = 0; k < 30; k++)
            Assert.Equal(rows.Select(r => (double)r[k]), table.Find(BreastCancerOnnx.FeatureNames[k])!.Numbers!);
        Assert.NotNull(table.Find("PredictedLabel.output")?.Labels);
        Assert.Contains("mlnb_recording_rows_total{model=\"cancer\",version=\"1\"} 25", await w.MetricsAsync(server));

        // The same window compared with itself: what `mlnb monitor drift` computes, no drift.
        var report = DriftDetector.Detect(table, table, new DriftOptions { Columns = BreastCancerOnnx.FeatureNames });
        Assert.False(report.DatasetDrift);
    }

    [Fact]
    public async Task AtRateAQuarter_EveryFourthRequestIsRecorded()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var options = Options(w, rate: 0.25);
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Recording = options });
        foreach (var r in w.Rows(40))
            await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString());
        await server.Recorder!.FlushAsync();
        var table = await MonitoringFiles.ReadAsync(Assert.Single(Windows(options.Directory)));
        Assert.Equal(10, table.RowCount);
    }

    [Fact]
    public async Task AFullChannel_DropsAndCounts_AndEveryRequestIsStillAnswered()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var options = Options(w, capacity: 3);
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Recording = options });
        server.Recorder!.Pause();
        foreach (var r in w.Rows(12))
            Assert.Equal(200, (await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString())).Status);
        Assert.Contains("mlnb_recording_dropped_total{model=\"cancer\",version=\"1\",reason=\"channel_full\"} 9", await w.MetricsAsync(server));
        server.Recorder.Resume();
        await server.Recorder.FlushAsync();
        Assert.Equal(3, (await MonitoringFiles.ReadAsync(Assert.Single(Windows(options.Directory)))).RowCount);
    }

    private static string ReferenceCsv(ServingWorld w, float[][] rows, string name)
    {
        var sb = new StringBuilder(string.Join(',', BreastCancerOnnx.FeatureNames)).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        var path = w.TempFile(name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task DriftGauges_OnMetrics_SayNoDriftForTheReferenceRows_AndDatasetDriftForShiftedOnes()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var all = w.Rows(200);
        // Alternate rows: reference and current come from the same distribution.
        var rows = all.Where((_, i) => i % 2 == 0).Concat(all.Where((_, i) => i % 2 == 1)).ToArray();
        var reference = ReferenceCsv(w, rows[..100], "reference.csv");
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Recording = Options(w, reference: reference) });
        foreach (var r in rows[100..])
            await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString());
        await ServingWorld.UntilAsync(async () => (await w.MetricsAsync(server)).Contains("mlnb_dataset_drift{model=\"cancer\",version=\"1\"}"), "the drift gauges are set");
        var text = await w.MetricsAsync(server);
        Assert.Contains("mlnb_dataset_drift{model=\"cancer\",version=\"1\"} 0", text);
        Assert.Contains("mlnb_drift_score{model=\"cancer\",version=\"1\",feature=\"" + BreastCancerOnnx.FeatureNames[0] + "\",stattest=\"ks\"}", text);

        // Shifted and scaled inputs: most features drift.
        var shifted = rows[100..].Select(r => r.Select(v => v * 3 + 1).ToArray()).ToArray();
        await using var w2 = await ServingWorld.CreateAsync(models);
        await w2.RegisterAsync(models.Good);
        var drifting = await w2.ServeAsync("models:/cancer/1", o => o with { Recording = Options(w2, reference: reference) });
        foreach (var r in shifted)
            await w2.PostAsync(new Uri(drifting.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString());
        await ServingWorld.UntilAsync(async () => (await w2.MetricsAsync(drifting)).Contains("mlnb_dataset_drift{model=\"cancer\",version=\"1\"} 1"), "dataset drift is 1");
        Assert.Contains("mlnb_drift_detected{model=\"cancer\",version=\"1\",feature=\"" + BreastCancerOnnx.FeatureNames[0] + "\",stattest=\"ks\"} 1", await w2.MetricsAsync(drifting));
    }

    [Fact]
    public async Task AReferenceWithColumnsNotRecorded_CountsDriftFailures_AndSaysWhichColumn()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var reference = w.TempFile("other.csv");
        File.WriteAllText(reference, "age,income\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i * 10}\n")));
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Recording = Options(w, reference: reference) });
        foreach (var r in w.Rows(20))
            await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body([r]).ToJsonString());
        await ServingWorld.UntilAsync(async () => (await w.MetricsAsync(server)).Contains("mlnb_drift_failures_total{model=\"cancer\",version=\"1\"}"), "a drift failure is counted");
        lock (w.Log) Assert.Contains(w.Log, l => l.Contains("drift of 'cancer' version 1", StringComparison.Ordinal) && l.Contains("age", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.0, "5m", "record rate 0 is not in (0, 1]")]
    [InlineData(1.5, "5m", "record rate 1.5 is not in (0, 1]")]
    public async Task BadRecordingOptions_AreOneLineErrors(double rate, string window, string message)
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var e = await Assert.ThrowsAsync<MlnbException>(() => w.ServeAsync("models:/cancer/1", o => o with { Recording = Options(w, rate) with { Window = RecordingOptions.ParseDuration(window, "--record-window") } }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task AMissingReferenceOrABadDuration_AreOneLineErrors()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var e = await Assert.ThrowsAsync<MlnbException>(() => w.ServeAsync("models:/cancer/1", o => o with { Recording = Options(w, reference: w.TempFile("nope.csv")) }));
        Assert.Contains("drift reference", e.Message);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("not a duration", Assert.Throws<MlnbException>(() => RecordingOptions.ParseDuration("5 minutes", "--record-window")).Message);
        Assert.Equal(TimeSpan.FromMinutes(5), RecordingOptions.ParseDuration("5m", "--record-window"));
    }
}
