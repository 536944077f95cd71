using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Server.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>--hub-api against Debian's real JupyterHub: hub tokens act as their hub users here; hub admins are admins.</summary>
public sealed class JupyterHubTokenTests(RealJupyterHub hub) : IClassFixture<RealJupyterHub>
{
    [Fact]
    public async Task RealHubTokens_AreAcceptedAsTheirUsers_AndUnknownOnesRefused()
    {
        using var dir = new TempDir();
        await using var server = await TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Environment = _ => null, Auth = true, HubApiUrl = hub.ApiUrl,
        });
        var auth = new AuthClient(server.Context.Workspace);
        using var ana = new MlflowHttp(server.BaseAddress);
        ana.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", await hub.UserTokenAsync("ana", admin: false));
        using var boss = new MlflowHttp(server.BaseAddress);
        boss.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await hub.UserTokenAsync("boss", admin: true));

        (await ana.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "hub-model" })).Ok();
        var user = await auth.GetUserAsync("ana");
        Assert.Equal(("hub", false), (user.Source, user.IsAdmin));
        Assert.Equal(Permission.Manage, await auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, "hub-model", "ana"));
        (await boss.GetAsync("/api/2.0/mlflow/registered-models/search")).Ok(); // first sight adds the hub user here
        await auth.SetPermissionAsync(ResourceKind.RegisteredModel, "hub-model", "boss", Permission.NoPermissions);
        (await boss.PostAsync("/api/2.0/mlflow/registered-models/set-tag", new JsonObject { ["name"] = "hub-model", ["key"] = "k", ["value"] = "v" })).Ok();
        Assert.True((await auth.GetUserAsync("boss")).IsAdmin);

        using var stranger = new MlflowHttp(server.BaseAddress);
        stranger.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", Guid.NewGuid().ToString("N"));
        (await stranger.GetAsync("/api/2.0/mlflow/registered-models/search")).Error(401, "UNAUTHENTICATED");
    }
}
