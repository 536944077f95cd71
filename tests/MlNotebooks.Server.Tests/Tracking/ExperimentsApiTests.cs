using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

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
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "growth" }),
        })).Ok();
        var id = created.Body!["experiment_id"]!.GetValue<string>();

        var got = (await Http.GetAsync(prefix + "experiments/get", ("experiment_id", id))).Ok();
        var e = got.Body!["experiment"]!;
        Assert.Equal(id, e["experiment_id"]!.GetValue<string>());
        Assert.Equal(name, e["name"]!.GetValue<string>());
        Assert.Equal("active", e["lifecycle_stage"]!.GetValue<string>());
        Assert.Equal("growth", e["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(name, (await server.Workspace.TrackingStore.GetExperimentAsync(id))!.Name);
    }

    [Fact]
    public async Task Create_TakenName_IsResourceAlreadyExists400()
    {
        var name = ServerFixture.UniqueName("dup");
        (await Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name })).Ok();
        var again = await Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name });
        again.Error(400, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains(name, again.Message);
    }

    [Fact]
    public async Task Get_UnknownId_IsResourceDoesNotExist404()
    {
        (await Http.GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", "987654"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", "not-a-number"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Create_MissingName_NamesTheField()
    {
        var a = (await Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject())).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'name'", a.Message);
        var g = (await Http.GetAsync("/api/2.0/mlflow/experiments/get")).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'experiment_id'", g.Message);
    }

    [Fact]
    public async Task Create_WrongType_NamesTheField()
    {
        var a = (await Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = 42 })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'name'", a.Message);
        var t = (await Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = "x", ["tags"] = "oops" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'tags'", t.Message);
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task Create_MalformedBody_Is400NotA500(string body)
    {
        var a = await Http.PostAsync("/api/2.0/mlflow/experiments/create", body);
        Assert.Equal(400, (int)a.Status);
        Assert.NotNull(a.ErrorCode);
    }

    [Fact]
    public async Task UnknownEndpoint_IsMlflowNotFoundBody()
    {
        (await Http.PostAsync("/api/2.0/mlflow/experiments/nope", new JsonObject())).Error(404, "ENDPOINT_NOT_FOUND");
    }
}
