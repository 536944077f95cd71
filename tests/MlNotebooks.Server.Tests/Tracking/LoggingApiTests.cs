using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using MlNotebooks.Tracking;
using static MlNotebooks.Server.Tests.Support.MlflowSteps;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class LoggingApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;
    private ITrackingStore Store => server.Workspace.TrackingStore;

    [Fact]
    public async Task LogMetricParamAndTag_LandInTheStore()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "loss", ["value"] = 0.5, ["timestamp"] = 10, ["step"] = 3 })).Ok();
        (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_uuid"] = id, ["key"] = "loss", ["value"] = "NaN", ["timestamp"] = "11" })).Ok();
        (await Http.PostAsync(Api + "runs/log-parameter", new JsonObject { ["run_id"] = id, ["key"] = "lr", ["value"] = "0.01" })).Ok();
        (await Http.PostAsync(Api + "runs/set-tag", new JsonObject { ["run_id"] = id, ["key"] = "team", ["value"] = "red" })).Ok();
        var history = await Store.GetMetricHistoryAsync(id, "loss");
        Assert.Equal(2, history.Count);
        Assert.Contains(history, m => m.Step == 3 && m.Value == 0.5 && m.Timestamp == 10);
        Assert.Contains(history, m => m.Step == 0 && double.IsNaN(m.Value));
        var run = (await Store.GetRunAsync(id))!;
        Assert.Equal("0.01", run.Param("lr"));
        Assert.Equal("red", run.Tag("team"));
    }

    [Fact]
    public async Task GetRun_WritesNaNAsMlflowDoes()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "x", ["value"] = "NaN", ["timestamp"] = 1 })).Ok();
        var raw = (await Http.GetAsync(Api + "runs/get", ("run_id", id))).Ok().Text;
        Assert.Contains("\"value\":\"NaN\"", raw);
    }

    [Fact]
    public async Task LogMetric_MissingOrMistypedFields_NameTheField()
    {
        var (_, id) = await Http.NewRunAsync();
        Assert.Contains("'value'", (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "k", ["timestamp"] = 1 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'timestamp'", (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "k", ["value"] = 1 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'value'", (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "k", ["value"] = "high", ["timestamp"] = 1 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'step'", (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "k", ["value"] = 1, ["timestamp"] = 1, ["step"] = 1.5 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'run_id'", (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["key"] = "k", ["value"] = 1, ["timestamp"] = 1 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task LogParam_ChangingAValue_IsInvalidParameterValue()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-parameter", new JsonObject { ["run_id"] = id, ["key"] = "lr", ["value"] = "0.1" })).Ok();
        (await Http.PostAsync(Api + "runs/log-parameter", new JsonObject { ["run_id"] = id, ["key"] = "lr", ["value"] = "0.1" })).Ok();
        (await Http.PostAsync(Api + "runs/log-parameter", new JsonObject { ["run_id"] = id, ["key"] = "lr", ["value"] = "0.2" })).Error(400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task LogToFinishedRun_IsInvalidState_ButTagsAreAllowed()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/update", new JsonObject { ["run_id"] = id, ["status"] = "FINISHED" })).Ok();
        (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = id, ["key"] = "k", ["value"] = 1, ["timestamp"] = 1 })).Error(400, "INVALID_STATE");
        (await Http.PostAsync(Api + "runs/set-tag", new JsonObject { ["run_id"] = id, ["key"] = "note", ["value"] = "late" })).Ok();
    }

    [Fact]
    public async Task DeleteTag_RemovesIt_AndAMissingTagIs404()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/set-tag", new JsonObject { ["run_id"] = id, ["key"] = "tmp", ["value"] = "1" })).Ok();
        (await Http.PostAsync(Api + "runs/delete-tag", new JsonObject { ["run_id"] = id, ["key"] = "tmp" })).Ok();
        Assert.Null((await Store.GetRunAsync(id))!.Tag("tmp"));
        (await Http.PostAsync(Api + "runs/delete-tag", new JsonObject { ["run_id"] = id, ["key"] = "tmp" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task LogBatch_WritesEverythingAtomically()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-batch", new JsonObject
        {
            ["run_id"] = id,
            ["metrics"] = Array(Enumerable.Range(0, 997).Select(i => (JsonNode)Metric("acc", i, 1000 + i, i))),
            ["params"] = new JsonArray(KeyValue("a", "1"), KeyValue("b", "")),
            ["tags"] = new JsonArray(KeyValue("t", "x")),
        })).Ok();
        Assert.Equal(997, (await Store.GetMetricHistoryAsync(id, "acc")).Count);

        // A bad key in the batch rejects all of it.
        (await Http.PostAsync(Api + "runs/log-batch", new JsonObject
        {
            ["run_id"] = id,
            ["metrics"] = new JsonArray(Metric("acc", 5, 5000, 5000), Metric("../bad", 1, 1)),
        })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Equal(997, (await Store.GetMetricHistoryAsync(id, "acc")).Count);
    }

    [Theory]
    [InlineData(1001, 0, 0, "1000 metrics")]
    [InlineData(0, 101, 0, "100 params")]
    [InlineData(0, 0, 101, "100 tags")]
    [InlineData(950, 100, 0, "1000 metrics, params and tags")]
    public async Task LogBatch_OverLimits_IsRejectedWholly(int metrics, int prms, int tags, string expected)
    {
        var (_, id) = await Http.NewRunAsync();
        var a = (await Http.PostAsync(Api + "runs/log-batch", new JsonObject
        {
            ["run_id"] = id,
            ["metrics"] = Array(Enumerable.Range(0, metrics).Select(i => (JsonNode)Metric("m", i, i, i))),
            ["params"] = Array(Enumerable.Range(0, prms).Select(i => (JsonNode)KeyValue($"p{i}", "v"))),
            ["tags"] = Array(Enumerable.Range(0, tags).Select(i => (JsonNode)KeyValue($"t{i}", "v"))),
        })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, a.Message);
        Assert.Empty(await Store.GetMetricHistoryAsync(id, "m"));
    }

    [Fact]
    public async Task LogBatch_WrongShapes_NameThePlace()
    {
        var (_, id) = await Http.NewRunAsync();
        Assert.Contains("'metrics'", (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = id, ["metrics"] = new JsonObject() })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("metrics[1]", (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = id, ["metrics"] = new JsonArray(Metric("a", 1, 1), 7) })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("metrics[0].value", (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = id, ["metrics"] = new JsonArray(new JsonObject { ["key"] = "a", ["value"] = true, ["timestamp"] = 1 }) })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("params[0].value", (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = id, ["params"] = new JsonArray(new JsonObject { ["key"] = "a" }) })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task LogInputs_RecordsDatasetsWithTheirContext()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-inputs", new JsonObject
        {
            ["run_id"] = id,
            ["datasets"] = new JsonArray(new JsonObject
            {
                ["tags"] = new JsonArray(KeyValue("mlflow.data.context", "training")),
                ["dataset"] = new JsonObject { ["name"] = "iris", ["digest"] = "abc123", ["source_type"] = "local", ["source"] = "data/iris.csv" },
            }),
        })).Ok();
        var input = Assert.Single((await Store.GetRunAsync(id))!.Inputs);
        Assert.Equal(("iris", "abc123", "training"), (input.Name, input.Digest, input.Context));
        var dataset = (await Http.GetRunAsync(id))["inputs"]!["dataset_inputs"]![0]!["dataset"]!;
        Assert.Equal("abc123", dataset["digest"]!.GetValue<string>());
        Assert.Contains("dataset", (await Http.PostAsync(Api + "runs/log-inputs", new JsonObject { ["run_id"] = id, ["datasets"] = new JsonArray(new JsonObject()) })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task GetHistory_PagesThroughEveryPoint()
    {
        var (_, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = id, ["metrics"] = Array(Enumerable.Range(0, 25).Select(i => (JsonNode)Metric("loss", 1.0 / (i + 1), 100 + i, i))) })).Ok();
        var steps = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var q = new List<(string, string)> { ("run_id", id), ("metric_key", "loss"), ("max_results", "10") };
            if (token is not null) q.Add(("page_token", token));
            var body = (await Http.GetAsync(Api + "metrics/get-history", [.. q])).Ok().Body!;
            steps.AddRange(body["metrics"]!.AsArray().Select(m => m!["step"]!.GetValue<long>()));
            token = body["next_page_token"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);
        Assert.Contains("'metric_key'", (await Http.GetAsync(Api + "metrics/get-history", ("run_id", id))).Error(400, "INVALID_PARAMETER_VALUE").Message);
        (await Http.GetAsync(Api + "metrics/get-history", ("run_id", id), ("metric_key", "loss"), ("max_results", "25001"))).Error(400, "INVALID_PARAMETER_VALUE");
    }
}
