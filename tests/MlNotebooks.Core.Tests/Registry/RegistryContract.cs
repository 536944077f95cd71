using MlNotebooks.Lineage;
using MlNotebooks.Registry;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Registry;

/// <summary>
/// The behaviour every registry store must have, run on each backend: <see cref="SqliteRegistryTests"/> and
/// <see cref="PostgresRegistryTests"/>.
/// </summary>
public abstract partial class RegistryContract : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    protected abstract string Backend { get; }

    protected Workspace Ws { get; private set; } = null!;

    /// <summary>A registry whose user holds every role (the role checks have their own tests).</summary>
    protected RegistryClient Registry { get; private set; } = null!;

    /// <summary>True when the backend is a shared store, where roles come from configuration.</summary>
    protected abstract bool Shared { get; }

    /// <summary>Opens the workspace under test (a live server's tests override it).</summary>
    protected virtual Task<Workspace> OpenWorkspaceAsync(TempDir dir) => Workspaces.OpenAsync(Backend, dir);

    /// <summary>Releases what <see cref="OpenWorkspaceAsync"/> started, after the workspace is closed.</summary>
    protected virtual Task CloseBackendAsync() => Task.CompletedTask;

    /// <summary>The temp folder.</summary>
    protected TempDir Dir => _dir;

    public async Task InitializeAsync()
    {
        Ws = await OpenWorkspaceAsync(_dir);
        Registry = new RegistryClient(Ws, new RegistryOptions { Roles = RegistryRoles.Everyone });
    }

    public async Task DisposeAsync()
    {
        await Ws.DisposeAsync();
        await CloseBackendAsync();
        if (Ws.TrackingUri.StartsWith("postgresql:", StringComparison.Ordinal)) await StoreFactory.DropPostgresAsync(Ws.TrackingUri);
        _dir.Dispose();
    }

    protected const string Signature = """{"inputs":[{"name":"Features","datatype":"FP32","shape":[-1,3],"columns":["a","b","c"]}],"outputs":[{"name":"Score","datatype":"FP32","shape":[-1]}]}""";

    /// <summary>A finished run with an AUC metric and a model folder (fake ONNX bytes: the core never parses them).</summary>
    protected async Task<string> TrainedRunAsync(double auc, string bytes = "onnx-bytes")
    {
        var run = await Ws.Tracking.CreateRunAsync("churn");
        await Ws.Tracking.LogMetricAsync(run.RunId, "auc", auc);
        await Ws.Tracking.LogInputsAsync(run.RunId, [new DatasetInput("data/churn.csv", "0123456789abcdef0123456789abcdef", "dvc", "data/churn.csv", "training")]);
        var folder = Path.Combine(_dir.Path, "m-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), bytes + auc);
        await File.WriteAllTextAsync(Path.Combine(folder, "signature.json"), Signature);
        await File.WriteAllTextAsync(Path.Combine(folder, "input_example.json"), """{"inputs":[{"name":"Features","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}""");
        await Ws.Tracking.LogArtifactAsync(run.RunId, folder, "model");
        await Ws.Tracking.EndRunAsync(run.RunId);
        return run.RunId;
    }

    protected async Task<int> RegisterAsync(double auc, string name = "churn") =>
        (await Registry.RegisterAsync(await TrainedRunAsync(auc), "model", name)).Version;

    protected RegistryClient As(string user, RegistryRoles roles) => new(Ws, new RegistryOptions { User = user, Roles = roles });

    [Fact]
    public async Task Register_MakesAPackageWithHashedFilesSignatureAndDatasets()
    {
        var runId = await TrainedRunAsync(0.9);
        var v = await Registry.RegisterAsync(runId, "model", "churn", description: "first");
        Assert.Equal(1, v.Version);
        Assert.Equal($"runs:/{runId}/model", v.Source);
        Assert.Equal(runId, v.RunId);
        Assert.Equal(ModelVersionStatus.Ready, v.Status);
        Assert.Equal(["model.onnx", "signature.json", "input_example.json", "MLmodel"], v.Package.Files.Select(f => f.Path));
        Assert.All(v.Package.Files, f => Assert.True(Ws.Content.Contains(f.Md5)));
        Assert.Equal("Features", v.Package.Signature.Inputs[0].Name);
        Assert.Equal([-1L, 3L], v.Package.Signature.Inputs[0].Shape);
        Assert.Equal(["a", "b", "c"], v.Package.Signature.Inputs[0].Columns!);
        Assert.Equal("data/churn.csv", Assert.Single(v.Package.Datasets).Name);
        var descriptor = await File.ReadAllTextAsync(Registry.GetFilePath(v.Package.File("MLmodel")!));
        Assert.Contains("run_id: " + runId, descriptor);
        Assert.Contains("\"dtype\":\"float32\"", descriptor);
        Assert.Contains("model.onnx: md5:" + v.Package.Model.Md5, descriptor);
    }

    [Fact]
    public async Task Register_NumbersVersionsPerModel()
    {
        Assert.Equal(1, await RegisterAsync(0.9));
        Assert.Equal(2, await RegisterAsync(0.91));
        Assert.Equal(1, await RegisterAsync(0.92, "other"));
        var model = await Registry.GetModelAsync("churn");
        Assert.Equal(2, model.LatestVersion);
        Assert.Equal([2, 1], (await Registry.ListVersionsAsync("churn")).Select(v => v.Version));
        Assert.Equal(["churn", "other"], (await Registry.ListModelsAsync()).Items.Select(m => m.Name));
    }

    [Fact]
    public async Task Register_RunWithoutModelFile_NamesTheMissingFile()
    {
        var run = await Ws.Tracking.CreateRunAsync("churn");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.RegisterAsync(run.RunId, "model", "churn"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("'model/model.onnx'", e.Message);
    }

    [Fact]
    public async Task Promote_SetsAliasThatResolvesByUri()
    {
        await RegisterAsync(0.9);
        await RegisterAsync(0.95);
        var r = await Registry.PromoteAsync("churn", 2, "production", "better auc");
        Assert.Null(r.PreviousVersion);
        Assert.Equal(2, (await Registry.ResolveAsync("models:/churn@production")).Version);
        Assert.Equal(1, (await Registry.ResolveAsync("models:/churn/1")).Version);
        Assert.Equal(["production"], (await Registry.GetVersionAsync("churn", 2)).Aliases);
        Assert.Equal(2, (await Registry.GetModelAsync("churn")).Aliases["production"]);
    }

    [Fact]
    public async Task Promote_ToAVersionThatDoesNotExist_IsNotFound()
    {
        await RegisterAsync(0.9);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.PromoteAsync("churn", 7, "production"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("no version 7", e.Message);
        var unknown = await Assert.ThrowsAsync<MlnbException>(() => Registry.ResolveAsync("models:/churn@staging"));
        Assert.Contains("no alias 'staging'", unknown.Message);
    }

    [Fact]
    public async Task Promote_FailingAThresholdGate_ListsTheGateAndTheNumbers_AndIsAudited()
    {
        await RegisterAsync(0.91);
        await Registry.SetGatesAsync("churn", "production", ["metrics.auc >= 0.95"]);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.PromoteAsync("churn", 1, "production"));
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("'metrics.auc >= 0.95' failed: metrics.auc = 0.91, needs >= 0.95", e.Message);
        Assert.False((await Registry.GetModelAsync("churn")).Aliases.ContainsKey("production"));
        var audit = await Registry.GetAuditLogAsync("churn");
        Assert.Equal([AuditActions.GatesSet, AuditActions.PromotionRefused], audit.Select(a => a.Action));
        Assert.Equal(Environment.UserName, audit[1].Actor);
    }

    [Fact]
    public async Task Promote_NotWorseThanProductionGate_ComparesWithTheCurrentVersion()
    {
        await RegisterAsync(0.95);
        await Registry.PromoteAsync("churn", 1, "production");
        await RegisterAsync(0.93);
        await RegisterAsync(0.945);
        await Registry.SetGatesAsync("churn", "production", ["metrics.auc >= @production - 0.01"]);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.PromoteAsync("churn", 2, "production"));
        Assert.Contains("metrics.auc = 0.93, needs >= 0.94 (@production is version 1 with 0.95)", e.Message);
        var ok = await Registry.PromoteAsync("churn", 3, "production");
        Assert.Equal(1, ok.PreviousVersion);
        Assert.True(Assert.Single(ok.Gates).Passed);
    }

    [Fact]
    public async Task Promote_WithApprovalGate_NeedsAnApproval_AndARejectionBlocks()
    {
        await RegisterAsync(0.97);
        await Registry.SetGatesAsync("churn", "production", ["approvals >= 1"]);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.PromoteAsync("churn", 1, "production"));
        Assert.Contains("approvals = 0, needs >= 1", e.Message);
        Assert.Contains("mlnb models approve churn --version 1 --for production", e.Message);
        await As("carol", RegistryRoles.Everyone).ApproveAsync("churn", 1, "production", "looks good");
        await As("dave", RegistryRoles.Everyone).ApproveAsync("churn", 1, "production", "drift too high", approve: false);
        var rejected = await Assert.ThrowsAsync<MlnbException>(() => Registry.PromoteAsync("churn", 1, "production"));
        Assert.Contains("rejected by dave (drift too high)", rejected.Message);
        await As("dave", RegistryRoles.Everyone).ApproveAsync("churn", 1, "production", "fixed");
        var ok = await Registry.PromoteAsync("churn", 1, "production");
        Assert.Contains("approvals = 2 (carol, dave)", ok.Gates[0].Detail);
        var actions = (await Registry.GetAuditLogAsync("churn")).Select(a => (a.Action, a.Actor)).ToList();
        Assert.Contains((AuditActions.Approved, "carol"), actions);
        Assert.Contains((AuditActions.Rejected, "dave"), actions);
    }

    [Fact]
    public async Task Promote_ToProductionWithoutTheRole_IsDenied_StagingIsNot()
    {
        await RegisterAsync(0.97);
        var bob = As("bob", RegistryRoles.Parse("promoter=alice;approver=carol"));
        var e = await Assert.ThrowsAsync<MlnbException>(() => bob.PromoteAsync("churn", 1, "production"));
        Assert.Equal(ErrorCode.PermissionDenied, e.Code);
        Assert.Contains("'promoter' role", e.Message);
        await bob.PromoteAsync("churn", 1, "staging");
        var approve = await Assert.ThrowsAsync<MlnbException>(() => bob.ApproveAsync("churn", 1, "production"));
        Assert.Equal(ErrorCode.PermissionDenied, approve.Code);
        await As("alice", RegistryRoles.Parse("promoter=alice")).PromoteAsync("churn", 1, "production");
        var refused = (await Registry.GetAuditLogAsync("churn")).Where(a => a.Action == AuditActions.PromotionRefused).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, a => Assert.Equal("bob", a.Actor));
    }

    [Fact]
    public async Task WorkspaceDefaultRoles_LocalUserHoldsAll_OnTheEmbeddedStoreOnly()
    {
        await RegisterAsync(0.97);
        if (Shared)
        {
            var e = await Assert.ThrowsAsync<MlnbException>(() => Ws.Registry.PromoteAsync("churn", 1, "production"));
            Assert.Equal(ErrorCode.PermissionDenied, e.Code);
            Assert.Contains("MLNB_REGISTRY_ROLES", e.Message);
        }
        else Assert.Equal(1, (await Ws.Registry.PromoteAsync("churn", 1, "production")).Version);
    }

    [Fact]
    public async Task Rollback_ReturnsTheAliasToItsPreviousVersions_InOrder()
    {
        for (var i = 0; i < 3; i++) await RegisterAsync(0.9 + i / 100.0);
        await Registry.PromoteAsync("churn", 1, "production");
        await Registry.PromoteAsync("churn", 2, "production");
        await Registry.PromoteAsync("churn", 3, "production");
        Assert.Equal(2, await Registry.RollbackAsync("churn", "production", "p99 regression"));
        Assert.Equal(1, await Registry.RollbackAsync("churn", "production"));
        Assert.Equal(1, (await Registry.ResolveAsync("models:/churn@production")).Version);
        var e = await Assert.ThrowsAsync<MlnbException>(() => Registry.RollbackAsync("churn", "production"));
        Assert.Contains("no previous version", e.Message);
        var last = (await Registry.GetAuditLogAsync("churn")).Where(a => a.Action == AuditActions.Rollback).ToList();
        Assert.Equal((2, 3, "p99 regression"), (last[0].Version, last[0].PreviousVersion, last[0].Reason));
        Assert.Equal((1, 2), (last[1].Version, last[1].PreviousVersion));
    }

    [Fact]
    public async Task AuditLog_RecordsEveryAliasMoveWithWhoWhenAndWhy()
    {
        await RegisterAsync(0.9);
        await RegisterAsync(0.92);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await Registry.PromoteAsync("churn", 1, "production", "first release");
        await Registry.PromoteAsync("churn", 2, "production", "retrained");
        var moves = (await Registry.GetAuditLogAsync("churn")).Where(a => a.Action == AuditActions.AliasSet).ToList();
        Assert.Equal(2, moves.Count);
        Assert.Equal((1, (int?)null, "first release"), (moves[0].Version, moves[0].PreviousVersion, moves[0].Reason));
        Assert.Equal((2, (int?)1, "retrained"), (moves[1].Version, moves[1].PreviousVersion, moves[1].Reason));
        Assert.All(moves, m => Assert.True(m.Time >= before && m.Actor == Environment.UserName && m.Alias == "production"));
        Assert.Equal([1, 2], await Registry.GetAliasHistoryAsync("churn", "production"));
    }

    [Fact]
    public async Task Tags_AndDescriptions_AreStored()
    {
        await RegisterAsync(0.9);
        await Registry.UpdateVersionAsync("churn", 1, "retrained on November data", new Dictionary<string, string> { ["validated"] = "yes" });
        await Registry.UpdateModelAsync("churn", "churn classifier", new Dictionary<string, string> { ["team"] = "growth" });
        var v = await Registry.GetVersionAsync("churn", 1);
        Assert.Equal(("retrained on November data", "yes"), (v.Description, v.Tags["validated"]));
        var m = await Registry.GetModelAsync("churn");
        Assert.Equal(("churn classifier", "growth"), (m.Description, m.Tags["team"]));
    }

    [Fact]
    public async Task Lineage_FollowsDataToRunToModel_FromAModelUri()
    {
        var v = await RegisterAsync(0.9);
        await Registry.PromoteAsync("churn", v, "staging");
        var g = await Ws.Lineage.GetAsync("models:/churn@staging");
        var data = Assert.Single(g.Nodes, n => n.Kind == "data");
        Assert.Equal("0123456789abcdef0123456789abcdef", data.Id);
        var run = Assert.Single(g.Nodes, n => n.Kind == "run");
        Assert.Contains(g.Edges, e => e.From == data.Id && e.To == run.Id && e.Relation == "input");
        var model = Assert.Single(g.Nodes, n => n.Kind == "model");
        Assert.Equal($"models:/churn/{v}", model.Id);
        Assert.Equal("@staging", model.Details["aliases"]);
        Assert.Contains(g.Edges, e => e.From == run.Id && e.To == model.Id && e.Relation == "registered");
        var missing = await Assert.ThrowsAsync<MlnbException>(() => Ws.Lineage.GetAsync("models:/churn/99"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }
}
