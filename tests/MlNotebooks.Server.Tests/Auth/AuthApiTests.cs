using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Server.Tests.Registry;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>Who gets in, and what the creator, the default, search and the registry roles do, on a real --auth server.</summary>
public sealed class AuthApiTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    private static JsonObject Name(string name) => new() { ["name"] = name };

    [Fact]
    public async Task NoToken_Is401WithMlflowsBodyAndAChallenge_WhileHealthStaysOpen()
    {
        var a = (await server.Anonymous.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
        Assert.Contains("Authorization: Bearer", a.Message);
        using var raw = await server.Anonymous.Client.GetAsync("/api/2.0/mlflow/experiments/get?experiment_id=0");
        Assert.Equal("Bearer realm=\"mlnb\"", raw.Headers.WwwAuthenticate.ToString());
        (await server.Anonymous.PostAsync("/api/2.0/mlflow/no-such-endpoint", new JsonObject())).Error(401, "UNAUTHENTICATED");
        Assert.Equal("OK", await server.Anonymous.Client.GetStringAsync("/health"));
        using var wrong = server.WithHeader(new AuthenticationHeaderValue("Bearer", "mlnb_not-a-token"));
        Assert.Contains("not valid", (await wrong.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED").Message);
    }

    [Fact]
    public async Task RevokedToken_Is401_AndTheUsersOtherTokenStillWorks()
    {
        var user = "rev-" + Guid.NewGuid().ToString("N")[..6];
        var first = await server.Auth.AddUserAsync(user, false);
        var second = await server.Auth.CreateTokenAsync(user, "ci");
        using var a = server.WithHeader(new AuthenticationHeaderValue("Bearer", first.Secret));
        using var b = server.WithHeader(new AuthenticationHeaderValue("Bearer", second.Secret));
        (await a.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok();
        await server.Auth.RevokeTokenAsync(first.Token.Id);
        (await a.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
        (await b.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok();
    }

    [Fact]
    public async Task BasicAuth_WithTheTokenAsPassword_Works_ForTheTokensOwnerOnly()
    {
        static AuthenticationHeaderValue Basic(string user, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        using var ok = server.WithHeader(Basic("reader", server.Tokens["reader"]));
        (await ok.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok();
        using var other = server.WithHeader(Basic("admin", server.Tokens["reader"]));
        (await other.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
        using var token = server.WithHeader(new AuthenticationHeaderValue("token", server.Tokens["reader"]));
        (await token.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok();
    }

    [Fact]
    public async Task Creator_GetsManage_OthersGetTheDefaultRead_GrantsOpenMore_AdminsBypass()
    {
        var model = ServerFixture.UniqueName("own");
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/create", Name(model))).Ok();
        Assert.Equal(Permission.Manage, await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, model, "alice"));
        (await server.As("bob").GetAsync("/api/2.0/mlflow/registered-models/get", ("name", model))).Ok();
        var denied = (await server.As("bob").PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = model, ["key"] = "k", ["value"] = "v" })).Error(403, "PERMISSION_DENIED");
        Assert.Contains($"user 'bob' has READ on registered model '{model}'", denied.Message);
        Assert.Contains("mlnb server permissions set --user bob", denied.Message);
        await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, model, "bob", Permission.Edit);
        (await server.As("bob").PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = model, ["key"] = "k", ["value"] = "v" })).Ok();
        (await server.As("bob").SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", Name(model))).Error(403, "PERMISSION_DENIED");
        await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, model, "admin", Permission.NoPermissions);
        (await server.As("admin").PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = model, ["key"] = "k", ["value"] = "w" })).Ok();
        (await server.As("alice").SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", Name(model))).Ok();
        Assert.Empty(await server.Auth.ListPermissionsAsync(ResourceKind.RegisteredModel, model));
    }

    [Fact]
    public async Task ExperimentCreator_GetsManage_AndOthersCannotChangeIt()
    {
        var name = ServerFixture.UniqueName("exp");
        var id = (await server.As("alice").PostAsync("/api/2.0/mlflow/experiments/create", Name(name))).Ok().Body!["experiment_id"]!.GetValue<string>();
        Assert.Equal(Permission.Manage, await server.Auth.Store.GetPermissionAsync(ResourceKind.Experiment, id, "alice"));
        (await server.As("bob").GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", id))).Ok();
        await server.Auth.SetPermissionAsync(ResourceKind.Experiment, id, "bob", Permission.NoPermissions);
        (await server.As("bob").GetAsync("/api/2.0/mlflow/experiments/get", ("experiment_id", id))).Error(403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Rename_MovesTheGrantsToTheNewName()
    {
        var model = ServerFixture.UniqueName("ren");
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/create", Name(model))).Ok();
        var renamed = ServerFixture.UniqueName("ren2");
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/rename", new JsonObject { ["name"] = model, ["new_name"] = renamed })).Ok();
        Assert.Equal(Permission.Manage, await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, renamed, "alice"));
        Assert.Null(await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, model, "alice"));
    }

    [Fact]
    public async Task Search_ShowsOnlyReadableModelsAndTheirVersions()
    {
        var stem = "vis" + Guid.NewGuid().ToString("N")[..6];
        foreach (var suffix in new[] { "open", "hidden" })
        {
            (await server.As("admin").PostAsync("/api/2.0/mlflow/registered-models/create", Name($"{stem}-{suffix}"))).Ok();
            (await server.As("admin").PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = $"{stem}-{suffix}", ["source"] = "s3://b/m" })).Ok();
        }
        await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, $"{stem}-hidden", "bob", Permission.NoPermissions);
        static IEnumerable<string> Names(JsonNode body, string field) => body[field]!.AsArray().Select(m => m!["name"]!.GetValue<string>());
        var bobModels = (await server.As("bob").GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name LIKE '{stem}%'"))).Ok().Body!;
        Assert.Equal([$"{stem}-open"], Names(bobModels, "registered_models"));
        var bobVersions = (await server.As("bob").GetAsync("/api/2.0/mlflow/model-versions/search", ("filter", $"name LIKE '{stem}%'"))).Ok().Body!;
        Assert.Equal([$"{stem}-open"], Names(bobVersions, "model_versions"));
        var adminModels = (await server.As("admin").GetAsync("/api/2.0/mlflow/registered-models/search", ("filter", $"name LIKE '{stem}%'"))).Ok().Body!;
        Assert.Equal(2, Names(adminModels, "registered_models").Count());
    }

    [Fact]
    public async Task RegistryRoles_MapOntoUsers_ManagersAndConfiguredPromotersMoveProduction_EditorsDoNot()
    {
        var model = ServerFixture.UniqueName("roles");
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/create", Name(model))).Ok();
        var runId = await TrainedRuns.CreateAsync(server.Workspace, server.Dir, 0.9);
        (await server.As("alice").PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = model, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId })).Ok();
        await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, model, "bob", Permission.Edit);
        await server.Auth.SetPermissionAsync(ResourceKind.RegisteredModel, model, "carol", Permission.Edit);
        JsonObject Promote(string alias) => new() { ["name"] = model, ["version"] = "1", ["alias"] = alias };
        (await server.As("bob").PostAsync("/api/2.0/mlnb/registry/promote", Promote("staging"))).Ok();
        var refused = (await server.As("bob").PostAsync("/api/2.0/mlnb/registry/promote", Promote("production"))).Error(403, "PERMISSION_DENIED");
        Assert.Contains("'promoter' role", refused.Message);
        (await server.As("carol").PostAsync("/api/2.0/mlnb/registry/promote", Promote("production"))).Ok();
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/alias", Promote("production"))).Ok();
        var audit = await server.Workspace.Registry.GetAuditLogAsync(model);
        Assert.Equal(["bob", "bob", "carol", "alice"], audit.Select(e => e.Actor));
    }

    [Fact]
    public async Task HubTokens_AreAcceptedAsTheHubUser_CheckedOncePerMinute_AndRefusedWhenUnknown()
    {
        var token = Guid.NewGuid().ToString("N");
        var name = "hubuser-" + token[..6];
        server.Hub.Tokens[token] = (name, false, "user");
        using var hubClient = server.WithHeader(new AuthenticationHeaderValue("Bearer", token));
        var before = server.Hub.Requests;
        for (var i = 0; i < 3; i++) (await hubClient.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok();
        Assert.Equal(before + 1, server.Hub.Requests);
        var user = await server.Auth.GetUserAsync(name);
        Assert.Equal(("hub", false), (user.Source, user.IsAdmin));
        var model = ServerFixture.UniqueName("hub");
        (await hubClient.PostAsync("/api/2.0/mlflow/registered-models/create", Name(model))).Ok();
        Assert.Equal(Permission.Manage, await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, model, name));

        using var unknown = server.WithHeader(new AuthenticationHeaderValue("token", "not-a-hub-token"));
        (await unknown.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
        var service = Guid.NewGuid().ToString("N");
        server.Hub.Tokens[service] = ("idle-culler", true, "service");
        using var svc = server.WithHeader(new AuthenticationHeaderValue("Bearer", service));
        (await svc.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task HubAdmins_AreAdminsHere()
    {
        var token = Guid.NewGuid().ToString("N");
        server.Hub.Tokens[token] = ("hubadmin-" + token[..6], true, "user");
        var model = ServerFixture.UniqueName("ha");
        (await server.As("alice").PostAsync("/api/2.0/mlflow/registered-models/create", Name(model))).Ok();
        using var hubAdmin = server.WithHeader(new AuthenticationHeaderValue("Bearer", token));
        (await hubAdmin.SendAsync("DELETE", "/api/2.0/mlflow/registered-models/delete", Name(model))).Ok();
    }
}

/// <summary>Tracking searches under --auth list only what the caller may read.</summary>
public sealed class TrackingSearchAuthTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    [Fact]
    public async Task ExperimentAndRunSearch_HideExperimentsTheUserMayNotRead()
    {
        var stem = "ts" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        foreach (var suffix in new[] { "open", "hidden" })
        {
            var id = (await server.As("alice").PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = $"{stem}-{suffix}" })).Ok().Body!["experiment_id"]!.GetValue<string>();
            (await server.As("alice").PostAsync("/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = id })).Ok();
            ids.Add(id);
        }
        await server.Auth.SetPermissionAsync(ResourceKind.Experiment, ids[1], "bob", Permission.NoPermissions);
        var experiments = (await server.As("bob").PostAsync("/api/2.0/mlflow/experiments/search", new JsonObject { ["filter"] = $"name LIKE '{stem}%'" })).Ok().Body!;
        Assert.Equal([$"{stem}-open"], experiments["experiments"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        var runs = (await server.As("bob").PostAsync("/api/2.0/mlflow/runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(ids[0], ids[1]) })).Ok().Body!;
        Assert.Equal([ids[0]], runs["runs"]!.AsArray().Select(r => r!["info"]!["experiment_id"]!.GetValue<string>()));
        var all = (await server.As("alice").PostAsync("/api/2.0/mlflow/runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(ids[0], ids[1]) })).Ok().Body!;
        Assert.Equal(2, all["runs"]!.AsArray().Count);
    }
}

/// <summary>--default-permission: NO_PERMISSIONS hides what nobody granted; bad values and use without --auth fail in one line.</summary>
public sealed class DefaultPermissionTests
{
    [Fact]
    public async Task NoPermissionsByDefault_HidesUngrantedModels_UntilAGrant()
    {
        using var dir = new MlNotebooks.Tests.Support.TempDir();
        await using var server = await TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = MlNotebooks.Tests.Support.StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Environment = _ => null,
            Auth = true, DefaultPermission = "NO_PERMISSIONS",
        });
        var auth = new AuthClient(server.Context.Workspace);
        var alice = (await auth.AddUserAsync("alice", false)).Secret;
        var bob = (await auth.AddUserAsync("bob", false)).Secret;
        using var a = new MlflowHttp(server.BaseAddress);
        a.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", alice);
        using var b = new MlflowHttp(server.BaseAddress);
        b.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bob);
        (await a.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "secret" })).Ok();
        (await b.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", "secret"))).Error(403, "PERMISSION_DENIED");
        Assert.Empty((await b.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok().Body!["registered_models"]!.AsArray());
        await auth.SetPermissionAsync(ResourceKind.RegisteredModel, "secret", "bob", Permission.Read);
        (await b.GetAsync("/api/2.0/mlflow/registered-models/get", ("name", "secret"))).Ok();
    }

    [Theory]
    [InlineData(true, "WRITE", "permission 'WRITE' is not valid")]
    [InlineData(false, "READ", "--default-permission needs --auth")]
    public void BadDefaultPermission_IsRefusedBeforeListening(bool auth, string value, string message)
    {
        var e = Assert.Throws<MlnbException>(() => new ServerOptions { Auth = auth, DefaultPermission = value }.Validate());
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains(message, e.Message);
    }
}

public sealed class DefaultPermissionFromEnvironmentTests
{
    [Fact]
    public async Task ABadDefaultInTheEnvironment_FailsBeforeListening()
    {
        using var dir = new MlNotebooks.Tests.Support.TempDir();
        var e = await Assert.ThrowsAsync<MlnbException>(() => TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = MlNotebooks.Tests.Support.StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Auth = true,
            Environment = name => name == AuthOptions.DefaultPermissionVariable ? "SOMETIMES" : null,
        }));
        Assert.Contains("permission 'SOMETIMES' is not valid", e.Message);
    }
}
