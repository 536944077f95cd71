using Microsoft.Data.Sqlite;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests;

/// <summary>Finding and opening a workspace, and the stores a user can point mlnb at, good and bad.</summary>
public sealed class WorkspaceCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task NoWorkspace_SaysToRunInit()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "experiments", "list");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("mlnb init", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Init_IsIdempotent_AndTheWorkspaceIsFoundFromASubfolder()
    {
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "init")).ExitCode);
        var again = await MlnbProcess.RunAsync(_dir.Path, "init");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already initialized", again.Stdout);
        var sub = Directory.CreateDirectory(Path.Combine(_dir.Path, "a", "b")).FullName;
        var id = (await MlnbProcess.RunAsync(sub, "runs", "create", "-e", "deep")).Out;
        var show = await MlnbProcess.RunAsync(_dir.Path, "runs", "show", id);
        Assert.Equal(0, show.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir.Path, ".mlnb", "mlnb.db")));
    }

    [Fact]
    public async Task TrackingUri_FromEnvironment_AndFromOption()
    {
        var uri = "sqlite:///" + _dir.File("env.db");
        var env = new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = uri };
        var id = (await MlnbProcess.RunAsync(_dir.Path, env, "runs", "create")).Out;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "runs", "show", id, "--tracking-uri", uri)).ExitCode);
    }

    [Fact]
    public async Task CorruptSqliteFile_IsAClearError_AndIsNotModified()
    {
        var path = _dir.File("broken.db");
        var junk = new byte[4096];
        Random.Shared.NextBytes(junk);
        await File.WriteAllBytesAsync(path, junk);
        var r = await MlnbProcess.RunAsync(_dir.Path, "experiments", "list", "--tracking-uri", "sqlite:///" + path);
        Assert.Equal(8, r.ExitCode);
        Assert.Contains("is not a SQLite database", r.Stderr);
        Assert.Equal(junk, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ForeignSqliteDatabase_IsRefused_AndLeftUntouched()
    {
        var path = _dir.File("other-app.db");
        await using (var c = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada');";
            await cmd.ExecuteNonQueryAsync();
        }
        var before = await File.ReadAllBytesAsync(path);
        var r = await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "--tracking-uri", "sqlite:///" + path);
        Assert.Equal(8, r.ExitCode);
        Assert.Contains("another application", r.Stderr);
        Assert.Contains("customers", r.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task UnreachablePostgres_IsAOneLineErrorWithTheFix()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "experiments", "list", "--tracking-uri", "postgresql://postgres@127.0.0.1:1/mlnb");
        Assert.Equal(7, r.ExitCode);
        Assert.Contains("cannot reach PostgreSQL at 127.0.0.1:1", r.Stderr);
        Assert.Contains("start the server or fix the tracking URI", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Postgres_WorksThroughTheCli()
    {
        var uri = await StoreFactory.NewPostgresUriAsync();
        try
        {
            var id = (await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "-e", "hub", "--tracking-uri", uri)).Out;
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "runs", "log", "--run", id, "--metric", "acc=0.9", "--tracking-uri", uri)).ExitCode);
            var search = await MlnbProcess.RunAsync(_dir.Path, "runs", "search", "-e", "hub", "-f", "metrics.acc > 0.5", "--tracking-uri", uri, "--json");
            Assert.Contains(id, search.Stdout);
        }
        finally
        {
            await StoreFactory.DropPostgresAsync(uri);
        }
    }

    [Fact]
    public async Task UnknownScheme_IsRejected()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "experiments", "list", "--tracking-uri", "mysql://x/y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown scheme", r.Stderr);
    }

    [Fact]
    public async Task Help_ListsTheVerbs()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "init", "quickstart", "experiments", "runs", "artifacts" }) Assert.Contains(verb, r.Stdout);
        var runs = await MlnbProcess.RunAsync(_dir.Path, "runs", "--help");
        foreach (var verb in new[] { "create", "log", "end", "show", "search", "compare" }) Assert.Contains(verb, runs.Stdout);
        var bad = await MlnbProcess.RunAsync(_dir.Path, "runs", "frobnicate");
        Assert.NotEqual(0, bad.ExitCode);
    }

    [Fact]
    public async Task Quickstart_TrainsAndTracksARun()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "quickstart");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("FINISHED", r.Stdout);
        Assert.Contains("auc", r.Stdout);
        var search = await MlnbProcess.RunAsync(_dir.Path, "runs", "search", "-e", "quickstart", "-f", "metrics.auc > 0.95", "--json");
        Assert.Contains("\"run_id\"", search.Stdout);
    }
}
