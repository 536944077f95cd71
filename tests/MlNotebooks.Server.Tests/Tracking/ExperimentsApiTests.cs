using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using static MlNotebooks.Server.Tests.Support.MlflowSteps;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class ExperimentsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;

    [Theory]
    [InlineData("/api/2.0/mlflow/")]
    [InlineData("/ajax-api/2.0/mlflow/")]
    public async Task CreateThenGet_RoundTripsNameAndTags_UnderBothPrefixes(string prefix)
    {
        var name = ServerFixture.UniqueName("exp");
        var created = (await Http.PostAsync(prefix + "experiments/create", new JsonObject
        {
            ["name"] = name,
            ["tags"] = new JsonArray(KeyValue("team", "growth")),
        })).Ok();
        var id = created.Body!["experiment_id"]!.GetValue<string>();

        var e = (await Http.GetAsync(prefix + "experiments/get", ("experiment_id", id))).Ok().Body!["experiment"]!;
        Assert.Equal(id, e["experiment_id"]!.GetValue<string>());
        Assert.Equal(name, e["name"]!.GetValue<string>());
        Assert.Equal("active", e["lifecycle_stage"]!.GetValue<string>());
        Assert.Equal($"mlflow-artifacts:/{id}", e["artifact_location"]!.GetValue<string>());
        Assert.Equal("growth", e["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(name, (await server.Workspace.TrackingStore.GetExperimentAsync(id))!.Name);
    }

    [Fact]
    public async Task Create_TakenName_IsResourceAlreadyExists400()
    {
        var name = ServerFixture.UniqueName("dup");
        await Http.CreateExperimentAsync(name);
        var again = (await Http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = name })).Error(400, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains(name, again.Message);
    }

    [Fact]
    public async Task Get_UnknownId_IsResourceDoesNotExist404()
    {
        (await Http.GetAsync(Api + "experiments/get", ("experiment_id", "987654"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync(Api + "experiments/get", ("experiment_id", "not-a-number"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetByName_FindsIt_AndUnknownNameIs404()
    {
        var name = ServerFixture.UniqueName("byname");
        var id = await Http.CreateExperimentAsync(name);
        var e = (await Http.GetAsync(Api + "experiments/get-by-name", ("experiment_name", name))).Ok().Body!["experiment"]!;
        Assert.Equal(id, e["experiment_id"]!.GetValue<string>());
        (await Http.GetAsync(Api + "experiments/get-by-name", ("experiment_name", "no-such-experiment"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("'experiment_name'", (await Http.GetAsync(Api + "experiments/get-by-name")).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task Create_MissingName_NamesTheField()
    {
        Assert.Contains("'name'", (await Http.PostAsync(Api + "experiments/create", new JsonObject())).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'experiment_id'", (await Http.GetAsync(Api + "experiments/get")).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task Create_WrongType_NamesTheField()
    {
        Assert.Contains("'name'", (await Http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = 42 })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'tags'", (await Http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = "x", ["tags"] = "oops" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("tags[0].key", (await Http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = "y", ["tags"] = new JsonArray(new JsonObject { ["value"] = "v" }) })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task Create_MalformedBody_Is400NotA500(string body)
    {
        var a = await Http.PostAsync(Api + "experiments/create", body);
        Assert.Equal(400, (int)a.Status);
        Assert.NotNull(a.ErrorCode);
    }

    [Fact]
    public async Task UnknownEndpoint_IsMlflowNotFoundBody()
    {
        (await Http.PostAsync(Api + "experiments/nope", new JsonObject())).Error(404, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Search_FiltersByNameAndTag_OrdersAndPages_OverPostAndGet()
    {
        var stem = ServerFixture.UniqueName("srch");
        foreach (var (suffix, team) in new[] { ("a", "red"), ("b", "blue"), ("c", "red") })
            (await Http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = $"{stem}-{suffix}", ["tags"] = new JsonArray(KeyValue("team", team)) })).Ok();

        var red = (await Http.PostAsync(Api + "experiments/search", new JsonObject
        {
            ["filter"] = $"name LIKE '{stem}%' AND tags.team = 'red'",
            ["order_by"] = new JsonArray("name DESC"),
        })).Ok().Body!["experiments"]!.AsArray();
        Assert.Equal([$"{stem}-c", $"{stem}-a"], red.Select(e => e!["name"]!.GetValue<string>()));

        var page1 = (await Http.GetAsync(Api + "experiments/search", ("filter", $"attributes.name ILIKE '{stem.ToUpperInvariant()}%'"), ("order_by", "name ASC"), ("max_results", "2"))).Ok().Body!;
        Assert.Equal([$"{stem}-a", $"{stem}-b"], page1["experiments"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        var token = page1["next_page_token"]!.GetValue<string>();
        var page2 = (await Http.GetAsync(Api + "experiments/search", ("filter", $"name LIKE '{stem}%'"), ("order_by", "name ASC"), ("max_results", "2"), ("page_token", token))).Ok().Body!;
        Assert.Equal([$"{stem}-c"], page2["experiments"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Null(page2["next_page_token"]);
    }

    [Fact]
    public async Task Search_BadInputs_AreInvalidParameterValue()
    {
        Assert.Contains("'max_results'", (await Http.GetAsync(Api + "experiments/search", ("max_results", "0"))).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("'max_results'", (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["max_results"] = "many" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["filter"] = "metrics.acc > 1" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["order_by"] = new JsonArray("color ASC") })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'view_type'", (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["view_type"] = "SOME" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
        Assert.Contains("page_token", (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["page_token"] = "garbage!" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }

    [Fact]
    public async Task Update_Delete_Restore_AndTag_ChangeTheExperiment()
    {
        var id = await Http.CreateExperimentAsync();
        var newName = ServerFixture.UniqueName("renamed");
        (await Http.PostAsync(Api + "experiments/update", new JsonObject { ["experiment_id"] = id, ["new_name"] = newName })).Ok();
        (await Http.PostAsync(Api + "experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "owner", ["value"] = "bob" })).Ok();
        (await Http.PostAsync(Api + "experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "owner", ["value"] = "carol" })).Ok();
        (await Http.PostAsync(Api + "experiments/delete", new JsonObject { ["experiment_id"] = id })).Ok();
        var deleted = await server.Workspace.TrackingStore.GetExperimentAsync(id);
        Assert.Equal(newName, deleted!.Name);
        Assert.Equal("carol", deleted.Tags["owner"]);
        Assert.Equal(MlNotebooks.Tracking.LifecycleStage.Deleted, deleted.LifecycleStage);

        var onlyDeleted = (await Http.PostAsync(Api + "experiments/search", new JsonObject { ["view_type"] = "DELETED_ONLY", ["filter"] = $"name = '{newName}'" })).Ok();
        Assert.Single(onlyDeleted.Body!["experiments"]!.AsArray());
        (await Http.PostAsync(Api + "experiments/restore", new JsonObject { ["experiment_id"] = id })).Ok();
        Assert.Equal(MlNotebooks.Tracking.LifecycleStage.Active, (await server.Workspace.TrackingStore.GetExperimentAsync(id))!.LifecycleStage);
    }

    [Fact]
    public async Task Update_Delete_Restore_Tag_UnknownExperiment_Are404()
    {
        foreach (var path in new[] { "experiments/update", "experiments/delete", "experiments/restore" })
            (await Http.PostAsync(Api + path, new JsonObject { ["experiment_id"] = "424242", ["new_name"] = "x" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync(Api + "experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = "424242", ["key"] = "k", ["value"] = "v" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task DeleteDefaultExperiment_IsInvalidState()
    {
        (await Http.PostAsync(Api + "experiments/delete", new JsonObject { ["experiment_id"] = "0" })).Error(400, "INVALID_STATE");
    }

    [Fact]
    public async Task SetExperimentTag_BadKey_NamesTheProblem()
    {
        var id = await Http.CreateExperimentAsync();
        (await Http.PostAsync(Api + "experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "../etc", ["value"] = "v" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'value'", (await Http.PostAsync(Api + "experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "k" })).Error(400, "INVALID_PARAMETER_VALUE").Message);
    }
}
