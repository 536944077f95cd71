using System.Net;
using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>A seeded real server for the HTTP-level UI tests.</summary>
public sealed class SeededServerFixture : IAsyncLifetime
{
    /// <summary>The server.</summary>
    public ServerFixture Server { get; } = new();

    /// <summary>What was seeded.</summary>
    public UiSeed.Seeded Seeded { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Seeded = await UiSeed.FillAsync(Server.Workspace, runs: 9, steps: 50);
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The UI's read endpoints (<c>/ajax-api/2.0/mlnb/ui/...</c>) with good and bad inputs.</summary>
public sealed class UiRoutesTests(SeededServerFixture fx) : IClassFixture<SeededServerFixture>
{
    private const string P = "/ajax-api/2.0/mlnb/ui/";
    private MlflowHttp Http => fx.Server.Http;
    private TrackingClient Tracking => fx.Server.Workspace.Tracking;

    [Fact]
    public async Task RunsTable_PagesByToken_WithOnlyTheChosenColumns()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await Http.GetAsync(P + "runs-table", ("experiment_id", fx.Seeded.ExperimentId), ("max_results", "4"), ("columns", "metrics.auc,params.lr"), ("page_token", token ?? ""))).Ok().Body!;
            Assert.Equal(["metrics.auc", "params.lr"], page["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
            foreach (var row in page["runs"]!.AsArray())
            {
                var run = await Tracking.GetRunAsync(row!["run_id"]!.GetValue<string>());
                var cells = row["cells"]!.AsArray();
                Assert.Equal(run.Metric("auc"), cells[0]!.GetValue<double>());
                Assert.Equal(run.Param("lr"), cells[1]!.GetValue<string>());
                seen.Add(run.RunId);
            }
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        Assert.Equal(fx.Seeded.RunIds.Order(), seen.Order());
    }

    [Fact]
    public async Task RunsTable_SortsAndFiltersInTheStore()
    {
        const string filter = "params.optimizer = 'adam' OR metrics.auc < 0.9";
        var body = (await Http.GetAsync(P + "runs-table", ("experiment_id", fx.Seeded.ExperimentId), ("filter", filter), ("order_by", "metrics.auc DESC"), ("columns", "metrics.auc"))).Ok().Body!;
        var expected = (await Tracking.SearchRunsAsync([UiSeed.Experiment], filter)).Items;
        var aucs = body["runs"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<double>()).ToList();
        Assert.Equal(expected.Count, aucs.Count);
        Assert.Equal(aucs.OrderDescending(), aucs);
        Assert.Contains("auc", body["keys"]!["metrics"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Theory]
    [InlineData("", "", 400, "experiment_id")]
    [InlineData("999999", "", 404, "999999")]
    [InlineData("SEEDED", "metrics.auc >>> 1", 400, "")]
    [InlineData("SEEDED", "columns=foo.bar", 400, "foo.bar")]
    [InlineData("SEEDED", "max_results=0", 400, "max_results")]
    public async Task RunsTable_RefusesBadInput_NamingWhatIsWrong(string experiment, string extra, int status, string named)
    {
        var query = new List<(string, string)>();
        if (experiment.Length > 0) query.Add(("experiment_id", experiment == "SEEDED" ? fx.Seeded.ExperimentId : experiment));
        if (extra.Contains('=', StringComparison.Ordinal)) query.Add((extra.Split('=')[0], extra.Split('=')[1]));
        else if (extra.Length > 0) query.Add(("filter", extra));
        var answer = (await Http.GetAsync(P + "runs-table", [.. query])).Error(status, status == 404 ? "RESOURCE_DOES_NOT_EXIST" : "INVALID_PARAMETER_VALUE");
        Assert.Contains(named, answer.Message);
    }

    [Fact]
    public async Task MetricChart_ReducesACurveToItsPixelBuckets_KeepingItsExtremesAndEnds()
    {
        var runId = fx.Seeded.RunIds[0];
        var history = await Tracking.GetMetricHistoryAsync(runId, "loss");
        var body = (await Http.GetAsync(P + "metric-chart", ("run_id", runId), ("key", "loss"), ("points", "10"))).Ok().Body!;
        var ys = body["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        var xs = body["x"]!.AsArray().Select(v => v!.GetValue<long>()).ToList();
        Assert.Equal(history.Count, body["total_points"]!.GetValue<int>());
        Assert.InRange(ys.Count, 10, 22);
        Assert.Equal(history.Min(m => m.Value), ys.Min());
        Assert.Equal(history.Max(m => m.Value), ys.Max());
        Assert.Equal([history[0].Step, history[^1].Step], [xs[0], xs[^1]]);
        Assert.Equal(xs.Order(), xs);

        var raw = (await Http.GetAsync(P + "metric-chart", ("run_id", runId), ("key", "loss"), ("mode", "raw"), ("x", "time"))).Ok().Body!;
        Assert.Equal(history.Select(m => m.Timestamp), raw["x"]!.AsArray().Select(v => v!.GetValue<long>()));
        Assert.Equal(history.Min(m => m.Timestamp), raw["t0"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("x", "wall", "'x'")]
    [InlineData("mode", "fancy", "'mode'")]
    [InlineData("points", "5", "'points'")]
    public async Task MetricChart_RefusesBadInput(string field, string value, string named)
    {
        var answer = (await Http.GetAsync(P + "metric-chart", ("run_id", fx.Seeded.RunIds[0]), ("key", "loss"), (field, value))).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(named, answer.Message);
        (await Http.GetAsync(P + "metric-chart", ("run_id", new string('a', 32)), ("key", "loss"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync(P + "metric-chart", ("run_id", "../etc"), ("key", "loss"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Artifact_ServesTheBytes_AsADownload_OrAPreview_AndRefusesDotDot()
    {
        var runId = fx.Seeded.ArtifactRunId;
        var client = Http.Client;
        var png = await client.GetAsync(P + "artifact?run_id=" + runId + "&path=plots/loss.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UiSeed.Png, await png.Content.ReadAsByteArrayAsync());

        var download = await client.GetAsync(P + "artifact?run_id=" + runId + "&path=eval/predictions.csv&download=1");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("predictions.csv", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("customer_id,", await download.Content.ReadAsStringAsync());

        var preview = await client.GetAsync(P + "artifact?run_id=" + runId + "&path=notes.txt&preview=1");
        Assert.Equal("false", preview.Headers.GetValues("X-Mlnb-Truncated").Single());

        (await Http.GetAsync(P + "artifact", ("run_id", runId), ("path", "../mlnb.db"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync(P + "artifact", ("run_id", runId), ("path", "eval"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync(P + "artifact", ("run_id", runId))).Error(400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task RunPage_CarriesTheRunItsExperimentArtifactsAndLineage_AndLiteOnlyTheRun()
    {
        var runId = fx.Seeded.ArtifactRunId;
        var body = (await Http.GetAsync(P + "run", ("run_id", runId))).Ok().Body!;
        Assert.Equal(UiSeed.Experiment, body["experiment"]!["name"]!.GetValue<string>());
        Assert.Equal((await Tracking.ListArtifactsAsync(runId)).Select(a => a.Path), body["artifacts"]!.AsArray().Select(a => a!["path"]!.GetValue<string>()));
        var kinds = body["lineage"]!["nodes"]!.AsArray().Select(n => n!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("data", kinds);
        Assert.Contains("model", kinds);

        var lite = (await Http.GetAsync(P + "run", ("run_id", runId), ("lite", "1"))).Ok().Body!.AsObject();
        Assert.Equal(["run", "experiment"], lite.Select(kv => kv.Key));
    }

    [Fact]
    public async Task Model_CarriesVersionsGatesApprovalsHistoryAndAudit_AndAnUnknownModelIs404()
    {
        var body = (await Http.GetAsync(P + "model", ("name", UiSeed.Model))).Ok().Body!;
        Assert.True(body["can_manage"]!.GetValue<bool>());
        Assert.Equal([2, 1], body["model_versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal([1, 2], body["alias_history"]!["production"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(2, body["approvals"]!.AsArray().Count);
        Assert.Equal((await fx.Server.Workspace.Registry.GetAuditLogAsync(UiSeed.Model)).Count, body["audit"]!.AsArray().Count);
        (await Http.GetAsync(P + "model", ("name", "no-such-model"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        var models = (await Http.GetAsync(P + "models")).Ok().Body!;
        Assert.Equal([UiSeed.Model], models["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
    }
}
