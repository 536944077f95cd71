using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Tracking;

/// <summary>The server over PostgreSQL answers the same as over SQLite.</summary>
public sealed class PostgresServerTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task CreateThenGet_WorksOverPostgres()
    {
        Assert.StartsWith("postgresql://", server.Workspace.TrackingUri);
        var name = ServerFixture.UniqueName("pg");
        var id = (await server.Http.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = name })).Ok().Body!["experiment_id"]!.GetValue<string>();
        var e = (await server.Http.GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", id))).Ok().Body!["experiment"]!;
        Assert.Equal(name, e["name"]!.GetValue<string>());
    }
}
