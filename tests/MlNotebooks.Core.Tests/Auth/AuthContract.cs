using MlNotebooks.Auth;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests.Auth;

/// <summary>Users, tokens and grants on each backend: <see cref="SqliteAuthTests"/> and <see cref="PostgresAuthTests"/>.</summary>
public abstract class AuthContract : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    protected abstract string Backend { get; }

    protected Workspace Ws { get; private set; } = null!;

    protected AuthClient Auth { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ws = await Workspaces.OpenAsync(Backend, _dir);
        Auth = new AuthClient(Ws);
    }

    public async Task DisposeAsync()
    {
        await Ws.DisposeAsync();
        if (Ws.TrackingUri.StartsWith("postgresql:", StringComparison.Ordinal)) await StoreFactory.DropPostgresAsync(Ws.TrackingUri);
        _dir.Dispose();
    }

    [Fact]
    public async Task AddUser_IssuesATokenThatAuthenticatesAndIsStoredOnlyAsItsHash()
    {
        var issued = await Auth.AddUserAsync("alice", isAdmin: false);
        Assert.StartsWith(ApiTokens.Prefix, issued.Secret);
        Assert.True(issued.Secret.Length >= 40);
        var user = await Auth.AuthenticateAsync(issued.Secret);
        Assert.Equal("alice", user!.Name);
        Assert.False(user.IsAdmin);
        Assert.Equal("local", user.Source);
        var stored = Assert.Single(await Auth.ListTokensAsync("alice"));
        Assert.Equal(issued.Token.Id, stored.Id);
        Assert.Null(stored.RevokedTime);
        // The secret itself is nowhere in the database file (SQLite) — only its SHA-256.
        if (Backend == "sqlite")
        {
            var bytes = await File.ReadAllTextAsync(_dir.File("mlnb.db"));
            Assert.DoesNotContain(issued.Secret, bytes);
        }
    }

    [Fact]
    public async Task Authenticate_RefusesUnknownEmptyAndRevokedTokens()
    {
        var a = await Auth.AddUserAsync("alice", false);
        var second = await Auth.CreateTokenAsync("alice", "laptop");
        Assert.Null(await Auth.AuthenticateAsync(""));
        Assert.Null(await Auth.AuthenticateAsync(a.Secret + "x"));
        await Auth.RevokeTokenAsync(a.Token.Id);
        Assert.Null(await Auth.AuthenticateAsync(a.Secret));
        Assert.Equal("alice", (await Auth.AuthenticateAsync(second.Secret))!.Name);
        Assert.Equal(1, await Auth.RevokeUserTokensAsync("alice"));
        Assert.Null(await Auth.AuthenticateAsync(second.Secret));
        Assert.All(await Auth.ListTokensAsync("alice"), t => Assert.NotNull(t.RevokedTime));
    }

    [Fact]
    public async Task BadInputs_FailWithTheFix()
    {
        await Auth.AddUserAsync("alice", false);
        var dup = await Assert.ThrowsAsync<MlnbException>(() => Auth.AddUserAsync("alice", true));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, dup.Code);
        var bad = await Assert.ThrowsAsync<MlnbException>(() => Auth.AddUserAsync("../x", false));
        Assert.Equal(ErrorCode.InvalidParameterValue, bad.Code);
        Assert.Contains("user name '../x' is not valid", bad.Message);
        var noUser = await Assert.ThrowsAsync<MlnbException>(() => Auth.CreateTokenAsync("bob"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, noUser.Code);
        Assert.Contains("mlnb server users add bob", noUser.Message);
        var noToken = await Assert.ThrowsAsync<MlnbException>(() => Auth.RevokeTokenAsync("nope"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, noToken.Code);
        var t = (await Auth.ListTokensAsync("alice"))[0];
        await Auth.RevokeTokenAsync(t.Id);
        Assert.Equal(ErrorCode.InvalidState, (await Assert.ThrowsAsync<MlnbException>(() => Auth.RevokeTokenAsync(t.Id))).Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<MlnbException>(() => Auth.SetPermissionAsync(ResourceKind.Experiment, "1", "bob", Permission.Read))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<MlnbException>(() => Permission.Parse("WRITE")).Code);
        Assert.Single(await Auth.ListUsersAsync());
    }

    [Fact]
    public async Task Permissions_FollowGrantThenDefaultAndAdminsBypass()
    {
        var alice = (await Auth.AddUserAsync("alice", false)).User;
        var root = (await Auth.AddUserAsync("root", true)).User;
        Assert.Equal(Permission.Read, await Auth.GetEffectivePermissionAsync(alice, ResourceKind.Experiment, "1"));
        await Auth.SetPermissionAsync(ResourceKind.Experiment, "1", "alice", Permission.Edit);
        Assert.True(await Auth.IsAllowedAsync(alice, ResourceKind.Experiment, "1", Capability.Update));
        Assert.False(await Auth.IsAllowedAsync(alice, ResourceKind.Experiment, "1", Capability.Delete));
        await Auth.SetPermissionAsync(ResourceKind.RegisteredModel, "churn", "alice", Permission.NoPermissions);
        Assert.False(await Auth.IsAllowedAsync(alice, ResourceKind.RegisteredModel, "churn", Capability.Read));
        // The same name as an experiment id is another resource.
        Assert.True(await Auth.IsAllowedAsync(alice, ResourceKind.Experiment, "churn", Capability.Read));
        await Auth.SetPermissionAsync(ResourceKind.RegisteredModel, "churn", "root", Permission.NoPermissions);
        Assert.Equal(Permission.Manage, await Auth.GetEffectivePermissionAsync(root, ResourceKind.RegisteredModel, "churn"));
        var strict = new AuthClient(Auth.Store, new AuthOptions { DefaultPermission = Permission.NoPermissions });
        Assert.False(await strict.IsAllowedAsync(alice, ResourceKind.Experiment, "2", Capability.Read));
        Assert.True(await strict.IsAllowedAsync(alice, ResourceKind.Experiment, "2", Capability.None));
    }

    [Fact]
    public async Task Grants_FollowARenamedModelAndVanishWithADeletedOne()
    {
        var alice = (await Auth.AddUserAsync("alice", false)).User;
        await Auth.GrantCreatorAsync(alice, ResourceKind.RegisteredModel, "churn");
        await Auth.Store.RenameResourceAsync(ResourceKind.RegisteredModel, "churn", "churn-v2");
        var grant = Assert.Single(await Auth.ListPermissionsAsync(userName: "alice"));
        Assert.Equal(("churn-v2", "MANAGE"), (grant.Resource, grant.Permission.Name));
        await Auth.Store.DeleteResourceAsync(ResourceKind.RegisteredModel, "churn-v2");
        Assert.Empty(await Auth.ListPermissionsAsync());
        await Assert.ThrowsAsync<MlnbException>(() => Auth.DeletePermissionAsync(ResourceKind.RegisteredModel, "churn-v2", "alice"));
    }

    [Fact]
    public async Task ReadableFilter_KeepsWhatTheUserMayRead()
    {
        var alice = (await Auth.AddUserAsync("alice", false)).User;
        await Auth.SetPermissionAsync(ResourceKind.Experiment, "2", "alice", Permission.NoPermissions);
        var filter = await Auth.ReadableFilterAsync(alice, ResourceKind.Experiment);
        Assert.Equal(["1", "3"], new[] { "1", "2", "3" }.Where(filter));
        var strict = new AuthClient(Auth.Store, new AuthOptions { DefaultPermission = Permission.NoPermissions });
        await Auth.SetPermissionAsync(ResourceKind.Experiment, "3", "alice", Permission.Read);
        Assert.Equal(["3"], new[] { "1", "2", "3" }.Where(await strict.ReadableFilterAsync(alice, ResourceKind.Experiment)));
    }

    [Fact]
    public async Task EnsureUser_AddsAHubUserOnceAndFollowsTheHubsAdminFlag()
    {
        var u = await Auth.EnsureUserAsync("carol@hub", false, "hub");
        Assert.Equal(("hub", false), (u.Source, u.IsAdmin));
        Assert.True((await Auth.EnsureUserAsync("carol@hub", true, "hub")).IsAdmin);
        await Auth.AddUserAsync("dave", false);
        Assert.False((await Auth.EnsureUserAsync("dave", true, "hub")).IsAdmin);
        Assert.Equal(2, (await Auth.ListUsersAsync()).Count);
    }
}

/// <summary>Auth on the embedded default.</summary>
public sealed class SqliteAuthTests : AuthContract
{
    protected override string Backend => "sqlite";
}

/// <summary>Auth on PostgreSQL (started on 127.0.0.1 by ./test.sh).</summary>
public sealed class PostgresAuthTests : AuthContract
{
    protected override string Backend => "postgresql";
}
