using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

/// <summary>Gates, approvals, promotion, rollback and the audit log over HTTP (/api/2.0/mlnb/registry/...).</summary>
public sealed class RegistryExtrasApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private MlflowHttp Http => server.Http;

    private async Task<string> ModelWithVersionsAsync(params double[] aucs)
    {
        var name = ServerFixture.UniqueName("gx");
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = name })).Ok();
        foreach (var auc in aucs)
        {
            var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, auc);
            (await Http.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId })).Ok();
        }
        return name;
    }

    [Fact]
    public async Task Gates_RefuseAWeakVersion_ThenPromoteApproveRollbackAndAudit()
    {
        var name = await ModelWithVersionsAsync(0.80, 0.92, 0.95);
        (await Http.PostAsync("/api/2.0/mlnb/registry/gates/set", new JsonObject { ["name"] = name, ["alias"] = "production", ["gates"] = new JsonArray("metrics.auc >= 0.9", "approvals >= 1") })).Ok();
        var gates = (await Http.GetAsync("/api/2.0/mlnb/registry/gates", ("name", name))).Ok().Body!["gates"]!["production"]!.AsArray();
        Assert.Equal(2, gates.Count);

        var weak = (await Http.PostAsync("/api/2.0/mlnb/registry/promote", new JsonObject { ["name"] = name, ["version"] = "1", ["alias"] = "production" })).Error(400, "INVALID_STATE");
        Assert.Contains("metrics.auc = 0.8", weak.Message);
        // MLflow's own alias endpoint goes through the same gates.
        (await Http.PostAsync("/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "production", ["version"] = "1" })).Error(400, "INVALID_STATE");

        var eval = (await Http.GetAsync("/api/2.0/mlnb/registry/gates/evaluate", ("name", name), ("version", "2"), ("alias", "production"))).Ok().Body!["gates"]!.AsArray();
        Assert.Equal([true, false], eval.Select(g => g!["passed"]!.GetValue<bool>()));
        foreach (var v in new[] { "2", "3" })
        {
            (await Http.PostAsync("/api/2.0/mlnb/registry/approve", new JsonObject { ["name"] = name, ["version"] = v, ["alias"] = "production", ["comment"] = "looks good" })).Ok();
            var p = (await Http.PostAsync("/api/2.0/mlnb/registry/promote", new JsonObject { ["name"] = name, ["version"] = v, ["alias"] = "production", ["reason"] = "better auc" })).Ok().Body!["promotion"]!;
            Assert.Equal(v, p["version"]!.GetValue<string>());
            Assert.All(p["gates"]!.AsArray(), g => Assert.True(g!["passed"]!.GetValue<bool>()));
        }
        var approvals = (await Http.GetAsync("/api/2.0/mlnb/registry/approvals", ("name", name), ("version", "3"), ("alias", "production"))).Ok().Body!["approvals"]!.AsArray();
        Assert.Equal("looks good", Assert.Single(approvals)!["comment"]!.GetValue<string>());
        Assert.Equal(["2", "3"], (await Http.GetAsync("/api/2.0/mlnb/registry/alias-history", ("name", name), ("alias", "production"))).Ok().Body!["versions"]!.AsArray().Select(x => x!.GetValue<string>()));

        var back = (await Http.PostAsync("/api/2.0/mlnb/registry/rollback", new JsonObject { ["name"] = name, ["alias"] = "production", ["reason"] = "latency" })).Ok().Body!;
        Assert.Equal("2", back["version"]!.GetValue<string>());
        Assert.Equal(2, (await server.Workspace.Registry.GetModelAsync(name)).Aliases["production"]);

        var audit = (await Http.GetAsync("/api/2.0/mlnb/registry/audit", ("name", name))).Ok().Body!["entries"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["gates_set", "promotion_refused", "promotion_refused", "approved", "alias_set", "approved", "alias_set", "rollback"], audit);
    }

    [Fact]
    public async Task BadInputs_AreMlflowErrorsNot500s()
    {
        var name = await ModelWithVersionsAsync(0.9);
        (await Http.PostAsync("/api/2.0/mlnb/registry/gates/set", new JsonObject { ["name"] = name, ["alias"] = "production", ["gates"] = new JsonArray("auc is big") })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlnb/registry/gates/set", new JsonObject { ["name"] = name, ["alias"] = "production", ["gates"] = "metrics.auc > 0.5" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.PostAsync("/api/2.0/mlnb/registry/rollback", new JsonObject { ["name"] = name, ["alias"] = "production" })).Error(400, "INVALID_STATE");
        (await Http.PostAsync("/api/2.0/mlnb/registry/promote", new JsonObject { ["name"] = name, ["version"] = "9", ["alias"] = "production" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.PostAsync("/api/2.0/mlnb/registry/approve", new JsonObject { ["name"] = name, ["version"] = "1", ["alias"] = "production", ["reject"] = "maybe" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync("/api/2.0/mlnb/registry/audit", ("name", "no-such-model"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync("/api/2.0/mlnb/registry/alias-history", ("name", name))).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Empty(await server.Workspace.Registry.GetGatesAsync(name));
    }
}
