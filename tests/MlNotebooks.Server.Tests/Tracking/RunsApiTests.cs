using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using static MlNotebooks.Server.Tests.Support.MlflowSteps;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class RunsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;

    [Fact]
    public async Task Create_ReturnsTheRunInMlflowShape_AndGetReadsIt()
    {
        var exp = await Http.CreateExperimentAsync();
        var run = (await Http.PostAsync(Api + "runs/create", new JsonObject
        {
            ["experiment_id"] = exp,
            ["run_name"] = "first",
            ["start_time"] = 1_700_000_000_123,
            ["user_id"] = "alice",
            ["tags"] = new JsonArray(KeyValue("stage", "dev")),
        })).Ok().Body!["run"]!;
        var info = run["info"]!;
        var id = info["run_id"]!.GetValue<string>();
        Assert.Equal(id, info["run_uuid"]!.GetValue<string>());
        Assert.Equal("first", info["run_name"]!.GetValue<string>());
        Assert.Equal("RUNNING", info["status"]!.GetValue<string>());
        Assert.Equal("alice", info["user_id"]!.GetValue<string>());
        Assert.Equal(1_700_000_000_123, info["start_time"]!.GetValue<long>());
        Assert.Equal($"mlflow-artifacts:/{exp}/{id}/artifacts", info["artifact_uri"]!.GetValue<string>());

        var got = await Http.GetRunAsync(id);
        var tags = got["data"]!["tags"]!.AsArray().ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["value"]!.GetValue<string>());
        Assert.Equal("dev", tags["stage"]);
        Assert.Equal("first", tags["mlflow.runName"]);
        // Older clients send run_uuid.
        (await Http.GetAsync(Api + "runs/get", ("run_uuid", id))).Ok();
    }

    [Fact]
    public async Task Create_InUnknownExperiment_Is404_AndInDeletedOneIsInvalidState()
    {
        (await Http.PostAsync(Api + "runs/create", new JsonObject { ["experiment_id"] = "777777" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        var exp = await Http.CreateExperimentAsync();
        (await Http.PostAsync(Api + "experiments/delete", new JsonObject { ["experiment_id"] = exp })).Ok();
        (await Http.PostAsync(Api + "runs/create", new JsonObject { ["experiment_id"] = exp })).Error(400, "INVALID_STATE");
    }

    [Fact]
    public async Task Create_WrongTypes_NameTheField()
    {
        var exp = await Http.CreateExperimentAsync();
        Assert.Contains("'start_time'", (await Http.PostAsync(Api + "runs/create", new JsonObject { ["experiment_id"] = exp, ["start_time"] = "yesterday" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'experiment_id'", (await Http.PostAsync(Api + "runs/create", new JsonObject { ["experiment_id"] = 5.5 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-run")]
    public async Task UnknownRun_Is404_OnEveryRunRoute(string runId)
    {
        (await Http.GetAsync(Api + "runs/get", ("run_id", runId))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        foreach (var path in new[] { "runs/update", "runs/delete", "runs/restore", "runs/set-tag", "runs/log-parameter", "runs/delete-tag" })
            (await Http.PostAsync(Api + path, new JsonObject { ["run_id"] = runId, ["key"] = "k", ["value"] = "v", ["status"] = "FINISHED" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync(Api + "runs/log-metric", new JsonObject { ["run_id"] = runId, ["key"] = "k", ["value"] = 1, ["timestamp"] = 1 })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync(Api + "runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = new JsonArray(Metric("m", 1, 1)) })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync(Api + "metrics/get-history", ("run_id", runId), ("metric_key", "m"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync(Api + "artifacts/list", ("run_id", runId))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Update_SetsStatusEndTimeAndName_AndAFinishedRunCannotRestart()
    {
        var (_, id) = await Http.NewRunAsync();
        var info = (await Http.PostAsync(Api + "runs/update", new JsonObject { ["run_id"] = id, ["status"] = "FINISHED", ["end_time"] = 1_700_000_100_000, ["run_name"] = "done" })).Ok().Body!["run_info"]!;
        Assert.Equal("FINISHED", info["status"]!.GetValue<string>());
        Assert.Equal(1_700_000_100_000, info["end_time"]!.GetValue<long>());
        Assert.Equal("done", info["run_name"]!.GetValue<string>());
        (await Http.PostAsync(Api + "runs/update", new JsonObject { ["run_id"] = id, ["status"] = "RUNNING" })).Error(400, "INVALID_STATE");
        Assert.Contains("'status'", (await Http.PostAsync(Api + "runs/update", new JsonObject { ["run_id"] = id, ["status"] = "DONE" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task Update_StatusByNumber_AsProtobufAllows()
    {
        var (_, id) = await Http.NewRunAsync();
        var info = (await Http.PostAsync(Api + "runs/update", new JsonObject { ["run_id"] = id, ["status"] = 4 })).Ok().Body!["run_info"]!;
        Assert.Equal("FAILED", info["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteAndRestore_MoveTheRunBetweenViews()
    {
        var (exp, id) = await Http.NewRunAsync();
        (await Http.PostAsync(Api + "runs/delete", new JsonObject { ["run_id"] = id })).Ok();
        Assert.Equal("deleted", (await Http.GetRunAsync(id))["info"]!["lifecycle_stage"]!.GetValue<string>());
        var active = (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp) })).Ok().Body!["runs"]!.AsArray();
        Assert.Empty(active);
        var deleted = (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp), ["run_view_type"] = "DELETED_ONLY" })).Ok().Body!["runs"]!.AsArray();
        Assert.Single(deleted);
        (await Http.PostAsync(Api + "runs/restore", new JsonObject { ["run_id"] = id })).Ok();
        Assert.Equal("active", (await Http.GetRunAsync(id))["info"]!["lifecycle_stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_FiltersWithOrAndParentheses_OrdersAndPages()
    {
        var exp = await Http.CreateExperimentAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = (await Http.CreateRunAsync(exp, $"r{i}"))["info"]!["run_id"]!.GetValue<string>();
            ids.Add(id);
            (await Http.PostAsync(Api + "runs/log-batch", new JsonObject
            {
                ["run_id"] = id,
                ["metrics"] = new JsonArray(Metric("acc", i / 10.0, 1000 + i)),
                ["params"] = new JsonArray(KeyValue("lr", i % 2 == 0 ? "0.1" : "0.01")),
            })).Ok();
        }
        var found = (await Http.PostAsync(Api + "runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(exp),
            ["filter"] = "(metrics.acc >= 0.3 OR params.lr = '0.01') AND attributes.status = 'RUNNING'",
            ["order_by"] = new JsonArray("metrics.acc DESC"),
            ["max_results"] = 2,
        })).Ok().Body!;
        Assert.Equal(["r4", "r3"], found["runs"]!.AsArray().Select(r => r!["info"]!["run_name"]!.GetValue<string>()));
        var next = (await Http.PostAsync(Api + "runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(exp),
            ["filter"] = "(metrics.acc >= 0.3 OR params.lr = '0.01') AND attributes.status = 'RUNNING'",
            ["order_by"] = new JsonArray("metrics.acc DESC"),
            ["max_results"] = 2,
            ["page_token"] = found["next_page_token"]!.GetValue<string>(),
        })).Ok().Body!;
        Assert.Equal(["r1"], next["runs"]!.AsArray().Select(r => r!["info"]!["run_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_BadFilter_AndBadPaging_AreInvalidParameterValue()
    {
        var exp = await Http.CreateExperimentAsync();
        (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp), ["filter"] = "metrics.acc >>> 1" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp), ["max_results"] = 50_001 })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = exp })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp), ["run_view_type"] = true })).Error(400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Search_EndsARunningRunWhoseProcessIsGone_AsKilled()
    {
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        var beat = DateTimeOffset.UtcNow.AddSeconds(-20).ToUnixTimeMilliseconds();
        var exp = await Http.CreateExperimentAsync();
        var id = (await Http.PostAsync(Api + "runs/create", new JsonObject
        {
            ["experiment_id"] = exp,
            ["start_time"] = beat - 60_000,
            ["tags"] = new JsonArray(
                KeyValue(MlNotebooks.Tracking.SystemTags.Host, MlNotebooks.Storage.ProcessIdentity.Host),
                KeyValue(MlNotebooks.Tracking.SystemTags.Pid, gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                KeyValue(MlNotebooks.Tracking.SystemTags.PidStart, "12345"),
                KeyValue(MlNotebooks.Tracking.SystemTags.Heartbeat, beat.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        })).Ok().Body!["run"]!["info"]!["run_id"]!.GetValue<string>();

        var found = (await Http.PostAsync(Api + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(exp) })).Ok().Body!["runs"]!.AsArray();

        var info = Assert.Single(found)!["info"]!;
        Assert.Equal(id, info["run_id"]!.GetValue<string>());
        Assert.Equal("KILLED", info["status"]!.GetValue<string>());
        Assert.Equal(beat, info["end_time"]!.GetValue<long>());
    }
}
