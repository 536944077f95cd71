using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>MLflow basic-auth's permission and user RPCs: owners grant, others may not; bad input is a 4xx.</summary>
public sealed class PermissionsApiTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    [Fact]
    public async Task Owner_GrantsGetsUpdatesAndDeletes_ModelPermissions_OthersCannot()
    {
        var model = ServerFixture.UniqueName("perm");
        var alice = server.As("alice");
        (await alice.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = model })).Ok();
        var created = (await alice.PostAsync("/api/2.0/mlflow/registered-models/permissions/create", new JsonObject { ["name"] = model, ["username"] = "bob", ["permission"] = "EDIT" })).Ok();
        Assert.Equal("EDIT", created.Body!["registered_model_permission"]!["permission"]!.GetValue<string>());
        (await alice.PostAsync("/api/2.0/mlflow/registered-models/permissions/create", new JsonObject { ["name"] = model, ["username"] = "bob", ["permission"] = "READ" })).Error(400, "RESOURCE_ALREADY_EXISTS");
        (await server.As("bob").PostAsync("/api/2.0/mlflow/registered-models/permissions/create", new JsonObject { ["name"] = model, ["username"] = "bob", ["permission"] = "MANAGE" })).Error(403, "PERMISSION_DENIED");
        (await alice.SendAsync("PATCH", "/api/2.0/mlflow/registered-models/permissions/update", new JsonObject { ["name"] = model, ["username"] = "bob", ["permission"] = "READ" })).Ok();
        var got = (await alice.GetAsync("/api/2.0/mlflow/registered-models/permissions/get", ("name", model), ("username", "bob"))).Ok();
        Assert.Equal("READ", got.Body!["registered_model_permission"]!["permission"]!.GetValue<string>());
        (await alice.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/permissions/delete", new JsonObject { ["name"] = model, ["username"] = "bob" })).Ok();
        (await alice.GetAsync("/api/2.0/mlflow/registered-models/permissions/get", ("name", model), ("username", "bob"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Null(await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, model, "bob"));
    }

    [Fact]
    public async Task ExperimentPermissions_AndBadInputs()
    {
        var alice = server.As("alice");
        var id = (await alice.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = ServerFixture.UniqueName("pe") })).Ok().Body!["experiment_id"]!.GetValue<string>();
        (await alice.PostAsync("/api/2.0/mlflow/experiments/permissions/create", new JsonObject { ["experiment_id"] = id, ["username"] = "bob", ["permission"] = "NO_PERMISSIONS" })).Ok();
        (await server.As("bob").GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", id))).Error(403, "PERMISSION_DENIED");
        (await alice.PostAsync("/api/2.0/mlflow/experiments/permissions/create", new JsonObject { ["experiment_id"] = id, ["username"] = "carol", ["permission"] = "WRITE" })).Error(400, "INVALID_PARAMETER_VALUE");
        (await alice.PostAsync("/api/2.0/mlflow/experiments/permissions/create", new JsonObject { ["experiment_id"] = id, ["username"] = "nosuchuser", ["permission"] = "READ" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await alice.SendAsync("PATCH", "/api/2.0/mlflow/experiments/permissions/update", new JsonObject { ["experiment_id"] = id, ["username"] = "carol", ["permission"] = "READ" })).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await alice.PostAsync("/api/2.0/mlflow/experiments/permissions/create", new JsonObject { ["experiment_id"] = id, ["permission"] = "READ" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Single(await server.Auth.ListPermissionsAsync(ResourceKind.Experiment, id, "bob"));
        Assert.Empty(await server.Auth.ListPermissionsAsync(ResourceKind.Experiment, id, "carol"));
    }

    [Fact]
    public async Task Users_ReadThemselves_AdminsReadAndPromoteAnyone()
    {
        var me = (await server.As("editor").GetAsync("/api/2.0/mlflow/users/get", ("username", "editor"))).Ok().Body!["user"]!;
        Assert.False(me["is_admin"]!.GetValue<bool>());
        (await server.As("editor").GetAsync("/api/2.0/mlflow/users/get", ("username", "alice"))).Error(403, "PERMISSION_DENIED");
        (await server.As("admin").GetAsync("/api/2.0/mlflow/users/get", ("username", "alice"))).Ok();
        (await server.As("admin").GetAsync("/api/2.0/mlflow/users/get", ("username", "ghost"))).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await server.As("editor").SendAsync("PATCH", "/api/2.0/mlflow/users/update-admin", new JsonObject { ["username"] = "editor", ["is_admin"] = true })).Error(403, "PERMISSION_DENIED");
        (await server.As("admin").SendAsync("PATCH", "/api/2.0/mlflow/users/update-admin", new JsonObject { ["username"] = "plain", ["is_admin"] = "yes" })).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.False((await server.Auth.GetUserAsync("plain")).IsAdmin);
    }
}
