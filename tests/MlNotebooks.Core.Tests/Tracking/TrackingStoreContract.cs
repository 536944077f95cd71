using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Tracking;

/// <summary>
/// The behaviour every tracking store must have. Each backend runs all of it: <see cref="SqliteTrackingStoreTests"/>
/// and <see cref="PostgresTrackingStoreTests"/>.
/// </summary>
public abstract partial class TrackingStoreContract : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    protected abstract string Backend { get; }

    protected Workspace Ws { get; private set; } = null!;

    protected TrackingClient Client => Ws.Tracking;

    protected ITrackingStore Store => Ws.TrackingStore;

    public async Task InitializeAsync() => Ws = await OpenWorkspaceAsync(_dir);

    /// <summary>Opens the workspace under test on a fresh store (a third backend, a tracking server, overrides this).</summary>
    protected virtual Task<Workspace> OpenWorkspaceAsync(TempDir dir) => Workspaces.OpenAsync(Backend, dir);

    /// <summary>Releases what <see cref="OpenWorkspaceAsync"/> started, after the workspace is closed.</summary>
    protected virtual Task CloseBackendAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Ws.DisposeAsync();
        await CloseBackendAsync();
        if (Ws.TrackingUri.StartsWith("postgresql:", StringComparison.Ordinal)) await StoreFactory.DropPostgresAsync(Ws.TrackingUri);
        _dir.Dispose();
    }

    protected string TempPath(string name) => _dir.File(name);

    [Fact]
    public async Task DefaultExperiment_Exists()
    {
        var e = await Client.GetExperimentAsync("0");
        Assert.Equal("Default", e.Name);
        Assert.Equal(LifecycleStage.Active, e.LifecycleStage);
    }

    [Fact]
    public async Task CreateExperiment_ThenGetByNameAndId()
    {
        var created = await Client.CreateExperimentAsync("churn", new Dictionary<string, string> { ["team"] = "growth" });
        var byName = await Client.GetExperimentAsync("churn");
        var byId = await Client.GetExperimentAsync(created.ExperimentId);
        Assert.Equal(created.ExperimentId, byName.ExperimentId);
        Assert.Equal("churn", byId.Name);
        Assert.Equal("growth", byId.Tags["team"]);
        Assert.NotEqual("0", created.ExperimentId);
    }

    [Fact]
    public async Task CreateExperiment_DuplicateName_IsAlreadyExists()
    {
        await Client.CreateExperimentAsync("dup");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.CreateExperimentAsync("dup"));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, e.Code);
        Assert.Contains("'dup' already exists", e.Message);
    }

    [Fact]
    public async Task GetExperiment_Missing_NamesTheFix()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.GetExperimentAsync("nope"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("mlnb experiments create nope", e.Message);
    }

    [Fact]
    public async Task RenameExperiment_ChangesName_AndRefusesTakenName()
    {
        await Client.CreateExperimentAsync("a");
        await Client.CreateExperimentAsync("b");
        var renamed = await Client.RenameExperimentAsync("a", "a2");
        Assert.Equal("a2", renamed.Name);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.RenameExperimentAsync("a2", "b"));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, e.Code);
    }

    [Fact]
    public async Task DeleteAndRestoreExperiment_FollowsRunsAndListing()
    {
        var run = await Client.CreateRunAsync("gone");
        await Client.DeleteExperimentAsync("gone");
        var active = await Client.ListExperimentsAsync(ViewType.ActiveOnly);
        var deleted = await Client.ListExperimentsAsync(ViewType.DeletedOnly);
        Assert.DoesNotContain(active.Items, x => x.Name == "gone");
        Assert.Contains(deleted.Items, x => x.Name == "gone");
        Assert.Equal(LifecycleStage.Deleted, (await Client.GetRunAsync(run.RunId)).Info.LifecycleStage);
        var createInDeleted = await Assert.ThrowsAsync<MlnbException>(() => Client.CreateRunAsync("gone"));
        Assert.Equal(ErrorCode.InvalidState, createInDeleted.Code);
        var sameName = await Assert.ThrowsAsync<MlnbException>(() => Client.CreateExperimentAsync("gone"));
        Assert.Contains("restore", sameName.Message);

        await Client.RestoreExperimentAsync("gone");
        Assert.Equal(LifecycleStage.Active, (await Client.GetRunAsync(run.RunId)).Info.LifecycleStage);
    }

    [Fact]
    public async Task DefaultExperiment_CannotBeDeleted()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.DeleteExperimentAsync("0"));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
    }

    [Fact]
    public async Task ListExperiments_PagesWithTokens()
    {
        for (var i = 0; i < 5; i++) await Client.CreateExperimentAsync($"page-{i}");
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.ListExperimentsAsync(ViewType.All, 2, token);
            names.AddRange(page.Items.Select(e => e.Name));
            token = page.NextPageToken;
            pages++;
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["Default", "page-0", "page-1", "page-2", "page-3", "page-4"], names);
    }

    [Fact]
    public async Task CreateRun_IsRunningWithNameUserAndTags()
    {
        var run = await Client.CreateRunAsync("exp", "first", tags: new Dictionary<string, string> { ["k"] = "v" });
        Assert.Equal(32, run.RunId.Length);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal("first", run.Info.RunName);
        Assert.Null(run.Info.EndTime);
        Assert.Equal("v", run.Tag("k"));
        Assert.Equal("first", run.Tag(SystemTags.RunName));
        Assert.Equal(Environment.UserName, run.Tag(SystemTags.User));
    }

    [Fact]
    public async Task CreateRun_WithoutName_GetsAGeneratedName()
    {
        var run = await Client.CreateRunAsync("exp");
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{3}$", run.Info.RunName);
    }

    [Fact]
    public async Task NestedRun_RecordsParent_AndMissingParentIsRejected()
    {
        var parent = await Client.CreateRunAsync("sweep", "parent");
        var child = await Client.CreateRunAsync("sweep", "child", parentRunId: parent.RunId);
        Assert.Equal(parent.RunId, child.ParentRunId);
        var children = await Client.SearchRunsAsync(["sweep"], $"tags.`mlflow.parentRunId` = '{parent.RunId}'");
        Assert.Equal(child.RunId, Assert.Single(children.Items).RunId);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.CreateRunAsync("sweep", parentRunId: new string('a', 32)));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
    }

    [Fact]
    public async Task EndRun_SetsStatusAndEndTime_AndCannotReopen()
    {
        var run = await Client.CreateRunAsync("exp");
        var ended = await Client.EndRunAsync(run.RunId, RunStatus.Failed);
        Assert.Equal(RunStatus.Failed, ended.Status);
        Assert.NotNull(ended.EndTime);
        Assert.True(ended.EndTime >= ended.StartTime);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Store.UpdateRunAsync(run.RunId, RunStatus.Finished, null, null));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
    }

    [Fact]
    public async Task GetRun_Missing_IsNotFound_WithFix()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.GetRunAsync(new string('0', 32)));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("mlnb runs search", e.Message);
        var malformed = await Assert.ThrowsAsync<MlnbException>(() => Client.GetRunAsync("not-a-run"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, malformed.Code);
    }

    [Fact]
    public async Task DeleteRun_HidesItFromSearch_RestoreBringsItBack()
    {
        var run = await Client.CreateRunAsync("exp");
        await Store.SetRunLifecycleAsync(run.RunId, LifecycleStage.Deleted);
        Assert.Empty((await Client.SearchRunsAsync(["exp"])).Items);
        Assert.Single((await Client.SearchRunsAsync(["exp"], viewType: ViewType.DeletedOnly)).Items);
        await Store.SetRunLifecycleAsync(run.RunId, LifecycleStage.Active);
        Assert.Single((await Client.SearchRunsAsync(["exp"])).Items);
    }
}
