using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

/// <summary>The registry API over PostgreSQL: the writes whose SQL differs most (rename under foreign keys, cascading deletes).</summary>
public sealed class PostgresRegistryApiTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task RenameAliasDelete_WorkOverPostgres()
    {
        var http = server.Http;
        Assert.StartsWith("postgresql://", server.Workspace.TrackingUri);
        var name = ServerFixture.UniqueName("pg");
        (await http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name, ["tags"] = new JsonArray(new JsonObject { ["key"] = "t", ["value"] = "1" }) })).Ok();
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.9);
        (await http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId })).Ok();
        (await http.PostAsync("/api/2.0/mlflow/model-versions/set-tag", new JsonObject { ["name"] = name, ["version"] = "1", ["key"] = "k", ["value"] = "v" })).Ok();
        (await http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "staging", ["version"] = "1" })).Ok();
        var renamed = ServerFixture.UniqueName("pg2");
        (await http.PostAsync("/api/2.0/mlflow/registered-models/rename", new JsonObject { ["name"] = name, ["new_name"] = renamed })).Ok();
        var v = (await http.GetAsync("/api/2.0/mlflow/registered-models/alias", ("name", renamed), ("alias", "staging"))).Ok().Body!["model_version"]!;
        Assert.Equal("v", v["tags"]![0]!["value"]!.GetValue<string>());
        var page = (await http.GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name = '{renamed}'"))).Ok().Body!["registered_models"]!.AsArray();
        Assert.Equal("1", Assert.Single(page)!["latest_versions"]![0]!["version"]!.GetValue<string>());
        (await http.SendAsync("DELETE", "/api/2.0/mlflow/model-versions/delete", new JsonObject { ["name"] = renamed, ["version"] = "1" })).Ok();
        (await http.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", new JsonObject { ["name"] = renamed })).Ok();
        (await http.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", renamed))).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }
}
