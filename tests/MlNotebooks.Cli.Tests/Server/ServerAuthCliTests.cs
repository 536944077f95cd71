using System.Text.Json;
using MlNotebooks.Auth;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Server;

/// <summary>`mlnb server users|tokens|permissions` against a real workspace, good and bad input.</summary>
public sealed class ServerAuthCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<MlnbProcess.Result> Mlnb(params string[] args) => MlnbProcess.RunAsync(_dir.Path, args);

    [Fact]
    public async Task UsersAdd_PrintsTheTokenAloneOnStdout_ThatAuthenticates_AndListShowsNoSecret()
    {
        Assert.Equal(0, (await Mlnb("init")).ExitCode);
        var add = await Mlnb("server", "users", "add", "alice");
        Assert.Equal(0, add.ExitCode);
        Assert.StartsWith(ApiTokens.Prefix, add.Out);
        Assert.Single(add.Out.Split('\n'));
        Assert.Contains("shown once", add.Stderr);
        var admin = await Mlnb("server", "users", "add", "root", "--admin");
        Assert.Contains("(admin)", admin.Stderr);

        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null }))
            Assert.Equal("alice", (await new AuthClient(ws).AuthenticateAsync(add.Out))!.Name);

        var list = await Mlnb("server", "users", "list", "--json");
        using var doc = JsonDocument.Parse(list.Stdout);
        Assert.Equal(["alice", "root"], doc.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        Assert.True(doc.RootElement.GetProperty("users")[1].GetProperty("is_admin").GetBoolean());
        var tokens = await Mlnb("server", "tokens", "list");
        Assert.DoesNotContain(add.Out, tokens.Stdout);
        Assert.Contains("alice", tokens.Stdout);
    }

    [Fact]
    public async Task TokensCreateAndRevoke_ByIdAndByUser()
    {
        await Mlnb("init");
        await Mlnb("server", "users", "add", "alice");
        var second = await Mlnb("server", "tokens", "create", "alice", "--description", "ci");
        Assert.Equal(0, second.ExitCode);
        using var doc = JsonDocument.Parse((await Mlnb("server", "tokens", "list", "--user", "alice", "--json")).Stdout);
        var ids = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal($"revoked token {ids[0]}", (await Mlnb("server", "tokens", "revoke", ids[0])).Out);
        var again = await Mlnb("server", "tokens", "revoke", ids[0]);
        Assert.Equal(5, again.ExitCode);
        Assert.Contains("revoked already", again.Stderr);
        Assert.Equal("revoked 1 token(s) of user 'alice'", (await Mlnb("server", "tokens", "revoke", "--user", "alice")).Out);
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null });
        Assert.Null(await new AuthClient(ws).AuthenticateAsync(second.Out));
    }

    [Fact]
    public async Task PermissionsSet_ResolvesExperimentNames_AndListsGrants()
    {
        await Mlnb("init");
        await Mlnb("server", "users", "add", "alice");
        await Mlnb("experiments", "create", "churn");
        var set = await Mlnb("server", "permissions", "set", "--user", "alice", "--experiment", "churn", "edit");
        Assert.Equal(0, set.ExitCode);
        Assert.Equal("user 'alice' has EDIT on experiment '1'", set.Out);
        using var doc = JsonDocument.Parse((await Mlnb("server", "permissions", "list", "--user", "alice", "--json")).Stdout);
        var grant = Assert.Single(doc.RootElement.GetProperty("permissions").EnumerateArray());
        Assert.Equal(("1", "EDIT"), (grant.GetProperty("experiment_id").GetString(), grant.GetProperty("permission").GetString()));
        Assert.Equal(0, (await Mlnb("server", "permissions", "delete", "--user", "alice", "--experiment", "1")).ExitCode);
        Assert.Equal(3, (await Mlnb("server", "permissions", "delete", "--user", "alice", "--experiment", "1")).ExitCode);
    }

    [Theory]
    [InlineData(4, "server", "users", "add", "alice")]
    [InlineData(2, "server", "users", "add", "bad/name")]
    [InlineData(3, "server", "tokens", "create", "nobody")]
    [InlineData(3, "server", "tokens", "revoke", "ffffffffffff")]
    [InlineData(2, "server", "tokens", "revoke")]
    [InlineData(2, "server", "tokens", "revoke", "abc", "--user", "alice")]
    [InlineData(2, "server", "permissions", "set", "--user", "alice", "--experiment", "1", "WRITE")]
    [InlineData(2, "server", "permissions", "set", "--user", "alice", "READ")]
    [InlineData(2, "server", "permissions", "set", "--user", "alice", "--experiment", "1", "--model", "m", "READ")]
    [InlineData(3, "server", "permissions", "set", "--user", "bob", "--experiment", "1", "READ")]
    [InlineData(3, "server", "permissions", "set", "--user", "alice", "--experiment", "nope", "READ")]
    [InlineData(3, "server", "permissions", "set", "--user", "alice", "--model", "nope", "READ")]
    public async Task BadInput_FailsWithOneLineAndAnExitCode_AndWritesNothing(int exitCode, params string[] args)
    {
        await Mlnb("init");
        await Mlnb("server", "users", "add", "alice");
        await Mlnb("experiments", "create", "churn");
        var r = await Mlnb(args);
        Assert.Equal(exitCode, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null });
        var auth = new AuthClient(ws);
        Assert.Single(await auth.ListUsersAsync());
        Assert.Single(await auth.ListTokensAsync());
        Assert.Empty(await auth.ListPermissionsAsync());
    }
}
