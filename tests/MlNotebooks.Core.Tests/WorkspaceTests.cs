using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests;

public sealed class WorkspaceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Init_CreatesFolderWithGitignore_AndOpenFindsItUpward()
    {
        await using (var ws = await Workspace.InitAsync(_dir.Path)) Assert.Equal(_dir.Path, ws.Root);
        Assert.Contains("mlnb.db", await File.ReadAllTextAsync(Path.Combine(_dir.Path, ".mlnb", ".gitignore")));
        var sub = Directory.CreateDirectory(Path.Combine(_dir.Path, "x", "y")).FullName;
        await using var found = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = sub, Environment = _ => null });
        Assert.Equal(_dir.Path, found.Root);
        Assert.Equal(Path.Combine(_dir.Path, ".mlnb", "cache"), found.Content.Root);
    }

    [Fact]
    public async Task ExplicitUri_BeatsEnvironment_WhichBeatsTheFolder()
    {
        await (await Workspace.InitAsync(_dir.Path)).DisposeAsync();
        var envUri = "sqlite:///" + _dir.File("env.db");
        var optUri = "sqlite:///" + _dir.File("opt.db");
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = n => n == Workspace.TrackingUriVariable ? envUri : null }))
            Assert.EndsWith("env.db", ws.TrackingUri);
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, TrackingUri = optUri, Environment = n => n == Workspace.TrackingUriVariable ? envUri : null }))
            Assert.EndsWith("opt.db", ws.TrackingUri);
    }

    [Fact]
    public async Task ConfigJson_SetsTrackingUriAndContentRoot_AndBadJsonIsAClearError()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, ".mlnb"));
        var config = Path.Combine(_dir.Path, ".mlnb", "config.json");
        await File.WriteAllTextAsync(config, $$"""{"tracking_uri": "sqlite:///{{_dir.File("hub.db")}}", "content_root": "{{_dir.File("shared-cache")}}"}""");
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null }))
        {
            Assert.EndsWith("hub.db", ws.TrackingUri);
            Assert.Equal(_dir.File("shared-cache"), ws.Content.Root);
        }
        await File.WriteAllTextAsync(config, "{not json");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null }));
        Assert.Contains("config.json", e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public async Task NoWorkspace_IsNotFound_WithTheFix()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = _dir.Path, Environment = _ => null }));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("mlnb init", e.Message);
    }

    [Fact]
    public async Task HttpUri_WithNoServerListening_FailsAtOpen_NamingTheFix()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var e = await Assert.ThrowsAsync<MlnbException>(() => Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = $"http://127.0.0.1:{port}", ContentRoot = _dir.File("cache"), Environment = _ => null }));
        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("mlnb server", e.Message);
    }

    [Fact]
    public async Task Migrations_AreRecordedOnce_AndANewerStoreIsRefused()
    {
        var uri = StoreFactory.SqliteUri(_dir);
        await (await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, Environment = _ => null })).DisposeAsync();
        await (await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, Environment = _ => null })).DisposeAsync();
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("mlnb.db")};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM mlnb_migrations WHERE id = 'tracking-001'";
            Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
            cmd.CommandText = "INSERT INTO mlnb_migrations (id, applied_time) VALUES ('zzz-999', 0)";
            await cmd.ExecuteNonQueryAsync();
        }
        var e = await Assert.ThrowsAsync<MlnbException>(() => Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, Environment = _ => null }));
        Assert.Contains("newer MlNotebooks", e.Message);
    }
}
