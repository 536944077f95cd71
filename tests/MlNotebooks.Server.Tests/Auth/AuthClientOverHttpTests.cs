using MlNotebooks.Auth;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>Our own client on an http workspace against an --auth server: the token picks the user, the server enforces.</summary>
public sealed class AuthClientOverHttpTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    private Task<Workspace> OpenAsUserAsync(string? user) => Workspace.OpenAsync(new WorkspaceOptions
    {
        TrackingUri = server.Server.BaseAddress.ToString(),
        ContentRoot = server.Dir.File("client-cache-" + (user ?? "anon")),
        StartDirectory = server.Dir.Path,
        Environment = name => name == "MLNB_TRACKING_TOKEN" && user is not null ? server.Tokens[user] : null,
    });

    [Fact]
    public async Task TheTokensUser_CreatesAndOwns_OthersAreRefusedWithTheServersMessage()
    {
        var name = "http-" + Guid.NewGuid().ToString("N")[..8];
        await using (var alice = await OpenAsUserAsync("alice"))
        {
            await alice.Registry.CreateModelAsync(name, "by alice");
            await alice.Registry.UpdateModelAsync(name, null, new Dictionary<string, string> { ["team"] = "growth" });
        }
        Assert.Equal(Permission.Manage, await server.Auth.Store.GetPermissionAsync(ResourceKind.RegisteredModel, name, "alice"));
        await using var bob = await OpenAsUserAsync("bob");
        Assert.Equal("growth", (await bob.Registry.GetModelAsync(name)).Tags["team"]);
        var denied = await Assert.ThrowsAsync<MlnbException>(() => bob.Registry.UpdateModelAsync(name, "by bob", null));
        Assert.Equal(ErrorCode.PermissionDenied, denied.Code);
        Assert.Contains("user 'bob' has READ", denied.Message);
        Assert.Equal("by alice", (await server.Workspace.Registry.GetModelAsync(name)).Description);
    }

    [Fact]
    public async Task NoToken_FailsToOpen_WithUnauthenticated()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => OpenAsUserAsync(null));
        Assert.Equal(ErrorCode.Unauthenticated, e.Code);
    }
}
