using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

public sealed class RegisteredModelsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;

    private async Task<string> NewModelAsync(string stem = "m")
    {
        var name = ServerFixture.UniqueName(stem);
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
        return name;
    }

    [Theory]
    [InlineData("/api/2.0/")]
    [InlineData("/ajax-api/2.0/")]
    public async Task CreateGetUpdate_RoundTripDescriptionAndTags(string prefix)
    {
        var name = ServerFixture.UniqueName("churn");
        var created = (await Http.PostAsync(prefix + "mlflow/registered-models/create", new JsonObject
        {
            ["name"] = name, ["description"] = "first",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "growth" }),
        })).Ok().Body!["registered_model"]!;
        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.True(created["creation_timestamp"]!.GetValue<long>() > 0);
        (await Http.SendAsync("PATCH", prefix + "mlflow/registered-models/update", new JsonObject { ["name"] = name, ["description"] = "second" })).Ok();
        var got = (await Http.GetAsync(prefix + "mlflow/registered-models/get", ("name", name))).Ok().Body!["registered_model"]!;
        Assert.Equal("second", got["description"]!.GetValue<string>());
        Assert.Equal("growth", got["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("second", (await server.Workspace.Registry.GetModelAsync(name)).Description);
    }

    [Fact]
    public async Task SetTagThenDeleteTag_ChangesTheStore()
    {
        var name = await NewModelAsync();
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = name, ["key"] = "owner", ["value"] = "ana" })).Ok();
        Assert.Equal("ana", (await server.Workspace.Registry.GetModelAsync(name)).Tags["owner"]);
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete-tag", new JsonObject { ["name"] = name, ["key"] = "owner" })).Ok();
        Assert.Empty((await server.Workspace.Registry.GetModelAsync(name)).Tags);
    }

    [Fact]
    public async Task Rename_MovesVersionsAndAliases_AndTheOldNameIsGone()
    {
        var name = await NewModelAsync("old");
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.9);
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId })).Ok();
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "staging", ["version"] = "1" })).Ok();
        var newName = ServerFixture.UniqueName("new");
        var renamed = (await Http.PostAsync("/api/2.0/mlflow/registered-models/rename", new JsonObject { ["name"] = name, ["new_name"] = newName })).Ok().Body!["registered_model"]!;
        Assert.Equal(newName, renamed["name"]!.GetValue<string>());
        Assert.Equal("staging", renamed["aliases"]![0]!["alias"]!.GetValue<string>());
        Assert.Equal(runId, (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", newName), ("version", "1"))).Ok().Body!["model_version"]!["run_id"]!.GetValue<string>());
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", name))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains((await server.Workspace.Registry.GetAuditLogAsync(newName)), e => e.Action == "model_renamed");
    }

    [Fact]
    public async Task Delete_RemovesTheModelAndItsVersions_AndTheNameCanBeReused()
    {
        var name = await NewModelAsync("del");
        (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = "s3://bucket/model" })).Ok();
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", new JsonObject { ["name"] = name })).Ok();
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", name))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlflow/model-versions/get", ("name", name), ("version", "1"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
    }

    [Fact]
    public async Task Search_FiltersOrdersAndPages()
    {
        var stem = "srch" + Guid.NewGuid().ToString("N")[..6];
        foreach (var suffix in new[] { "b", "a", "c" })
            (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject
            {
                ["name"] = $"{stem}-{suffix}", ["tags"] = new JsonArray(new JsonObject { ["key"] = "tier", ["value"] = suffix == "c" ? "gold" : "silver" }),
            })).Ok();
        var page1 = (await Http.GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name LIKE '{stem}%'"), ("max_results", "2"))).Ok().Body!;
        Assert.Equal([$"{stem}-a", $"{stem}-b"], page1["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var token = page1["next_page_token"]!.GetValue<string>();
        var page2 = (await Http.GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name LIKE '{stem}%'"), ("max_results", "2"), ("page_token", token))).Ok().Body!;
        Assert.Equal([$"{stem}-c"], page2["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.Null(page2["next_page_token"]);
        var desc = (await Http.GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name ILIKE '{stem.ToUpperInvariant()}%'"), ("order_by", "name DESC"))).Ok().Body!;
        Assert.Equal([$"{stem}-c", $"{stem}-b", $"{stem}-a"], desc["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var gold = (await Http.GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name LIKE '{stem}%' AND tags.tier = 'gold'"))).Ok().Body!;
        Assert.Equal($"{stem}-c", Assert.Single(gold["registered_models"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("filter", "name ~ 'x'")]
    [InlineData("filter", "description = 'x'")]
    [InlineData("filter", "name IN 'x'")]
    [InlineData("order_by", "size DESC")]
    [InlineData("order_by", "name SIDEWAYS")]
    [InlineData("max_results", "0")]
    [InlineData("max_results", "lots")]
    [InlineData("page_token", "not-a-token")]
    public async Task Search_BadArguments_Are400NamingTheProblem(string field, string value)
    {
        var a = (await Http.GetAsync("/api/2.0/mlflow/registered-models/search", (field, value))).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.False(string.IsNullOrEmpty(a.Message));
    }

    [Fact]
    public async Task BadInputs_AreMlflowErrorsNot500s()
    {
        var name = await NewModelAsync("bad");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Error(400, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains("'name'", (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject())).Error(400, "INVALID_PARAMETER_VALUE").Message);
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "../etc" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = 7 })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", "{\"name\": ")).Error(400, "MALFORMED_REQUEST");
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", "no-such-model"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/get")).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", new JsonObject { ["name"] = "no-such-model" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        var other = await NewModelAsync("taken");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/rename", new JsonObject { ["name"] = name, ["new_name"] = other })).Error(400, "RESOURCE_ALREADY_EXISTS");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/rename", new JsonObject { ["name"] = name })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = name, ["key"] = new string('k', 251), ["value"] = "v" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync("/api/2.0/mlflow/registered-models/alias", ("name", name), ("alias", "production"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "v1", ["version"] = "1" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.NotNull(await server.Workspace.Registry.Store.GetRegisteredModelAsync(name));
    }
}
