using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

public sealed class ModelVersionsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;

    private async Task<(string Name, string RunId)> ModelWithVersionAsync(double auc = 0.9)
    {
        var name = ServerFixture.UniqueName("mv");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, auc);
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId })).Ok();
        return (name, runId);
    }

    [Fact]
    public async Task Create_FromARunsOnnxFolder_MakesAPackagedVersion()
    {
        var name = ServerFixture.UniqueName("pkg");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.91);
        var v = (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject
        {
            ["name"] = name, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId, ["description"] = "first",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "k", ["value"] = "v" }),
        })).Ok().Body!["model_version"]!;
        Assert.Equal("1", v["version"]!.GetValue<string>());
        Assert.Equal("READY", v["status"]!.GetValue<string>());
        Assert.Equal("None", v["current_stage"]!.GetValue<string>());
        Assert.Equal(runId, v["run_id"]!.GetValue<string>());
        Assert.Contains("model.onnx", v["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
        Assert.Equal("Features", v["signature"]!["inputs"]![0]!["name"]!.GetValue<string>());
        var stored = await server.Workspace.Registry.GetVersionAsync(name, 1);
        Assert.True(server.Workspace.Content.Contains(stored.Package.Model.Md5));
        Assert.Equal("v", stored.Tags["k"]);
    }

    [Fact]
    public async Task Create_FromAnOutsideSource_RecordsTheSourceWithoutFiles()
    {
        var name = ServerFixture.UniqueName("ext");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
        var v = (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = "s3://bucket/sklearn-model" })).Ok().Body!["model_version"]!;
        Assert.Equal("s3://bucket/sklearn-model", v["source"]!.GetValue<string>());
        Assert.Empty(v["files"]!.AsArray());
        Assert.Equal("s3://bucket/sklearn-model", (await Http.GetAsync("/api/2.0/mlflow/model-versions/get-download-uri", ("name", name), ("version", "1"))).Ok().Body!["artifact_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetUpdateTagsAndDownloadUri()
    {
        var (name, runId) = await ModelWithVersionAsync();
        (await Http.SendAsync("PATCH", "/api/2.0/mlflow/model-versions/update", new JsonObject { ["name"] = name, ["version"] = "1", ["description"] = "better" })).Ok();
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/set-tag", new JsonObject { ["name"] = name, ["version"] = "1", ["key"] = "validated", ["value"] = "yes" })).Ok();
        var v = (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "1"))).Ok().Body!["model_version"]!;
        Assert.Equal("better", v["description"]!.GetValue<string>());
        Assert.Equal("yes", v["tags"]![0]!["value"]!.GetValue<string>());
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/model-versions/delete-tag", new JsonObject { ["name"] = name, ["version"] = "1", ["key"] = "validated" })).Ok();
        Assert.Empty((await server.Workspace.Registry.GetVersionAsync(name, 1)).Tags);
        var uri = (await Http.GetAsync("/api/2.0/mlflow/model-versions/get-download-uri", ("name", name), ("version", "1"))).Ok().Body!["artifact_uri"]!.GetValue<string>();
        var run = await server.Workspace.Tracking.GetRunAsync(runId);
        Assert.Equal(run.Info.ArtifactUri.TrimEnd('/') + "/model", uri);
    }

    [Fact]
    public async Task AliasSetGetDelete_AndLatestVersions()
    {
        var (name, _) = await ModelWithVersionAsync();
        var second = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.95);
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = $"runs:/{second}/model", ["run_id"] = second })).Ok();
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "champion", ["version"] = "1" })).Ok();
        var byAlias = (await Http.GetAsync("/api/2.0/mlflow/registered-models/alias", ("name", name), ("alias", "champion"))).Ok().Body!["model_version"]!;
        Assert.Equal("1", byAlias["version"]!.GetValue<string>());
        Assert.Equal(["champion"], byAlias["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        var latest = (await Http.PostAsync("/api/2.0/mlflow/registered-models/get-latest-versions", new JsonObject { ["name"] = name })).Ok().Body!["model_versions"]!.AsArray();
        Assert.Equal("2", Assert.Single(latest)!["version"]!.GetValue<string>());
        Assert.Empty((await Http.GetAsync("/api/2.0/mlflow/registered-models/get-latest-versions", ("name", name), ("stages", "Production"))).Ok().Body!["model_versions"]!.AsArray());
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "champion" })).Ok();
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/alias", ("name", name), ("alias", "champion"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains((await server.Workspace.Registry.GetAuditLogAsync(name)), e => e.Action == "alias_deleted" && e.Version == 1);
    }

    [Fact]
    public async Task Delete_RemovesTheVersionAndTheAliasesOnIt()
    {
        var (name, _) = await ModelWithVersionAsync();
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "staging", ["version"] = "1" })).Ok();
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/model-versions/delete", new JsonObject { ["name"] = name, ["version"] = "1" })).Ok();
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "1"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Empty((await server.Workspace.Registry.GetModelAsync(name)).Aliases);
    }

    [Fact]
    public async Task Search_ByNameAndRunId()
    {
        var (name, runId) = await ModelWithVersionAsync();
        var byName = (await Http.GetAsync("/api/2.0/mlflow/model-versions/search", ("filter", $"name = '{name}'"))).Ok().Body!["model_versions"]!.AsArray();
        Assert.Equal(name, Assert.Single(byName)!["name"]!.GetValue<string>());
        var byRun = (await Http.GetAsync("/api/2.0/mlflow/model-versions/search", ("filter", $"run_id IN ('{runId}', 'other')"))).Ok().Body!["model_versions"]!.AsArray();
        Assert.Equal(runId, Assert.Single(byRun)!["run_id"]!.GetValue<string>());
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/search", ("filter", "stage = 'x'"))).Error(400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task BadInputs_AreMlflowErrorsNot500s()
    {
        var (name, runId) = await ModelWithVersionAsync();
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = "no-such-model", ["source"] = "x" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = "x", ["run_id"] = "no-such-run" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "abc"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "0"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "99"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.SendAsync("PATCH", "/api/2.0/mlflow/model-versions/update", new JsonObject { ["name"] = name, ["version"] = new JsonArray() })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "prod", ["version"] = "7" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        var stage = (await Http.PostAsync("/api/2.0/mlflow/model-versions/transition-stage", new JsonObject { ["name"] = name, ["version"] = "1", ["stage"] = "Production" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("alias", stage.Message);
        Assert.Single(await server.Workspace.Registry.ListVersionsAsync(name));
        Assert.NotNull(runId);
    }
}
