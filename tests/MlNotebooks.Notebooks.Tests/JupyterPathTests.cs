using MlNotebooks.Notebooks.Jupyter;
using MlNotebooks.Notebooks.Tests.Support;
using static MlNotebooks.Notebooks.Tests.Support.TestNotebooks;

namespace MlNotebooks.Notebooks.Tests;

/// <summary>
/// The Jupyter path: the .NET kernel that `mlnb kernel install` sets up, driven by Debian's nbconvert, loading our
/// extension from the local feed, tracking into a SQLite store.
/// </summary>
[Collection(StockKernelCollection.Name)]
public sealed class JupyterPathTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task NbconvertExecute_OnTheDotnetKernel_RecordsTheTrackedRunInTheStore()
    {
        await KernelInstaller.InstallAsync(_ => { }, CancellationToken.None);
        var feed = _dir.File("feed");
        var version = ExtensionFeed.Write(feed);
        var input = Create(
            Code(ExtensionFeed.LoadLines(feed, version)),
            Code("#!track start --experiment jupyter --name via-nbconvert\n#!track param source=jupyter"),
            Code("for (var i = 0; i < 3; i++) Track.Metric(\"loss\", 1.0 / (i + 1), i);"),
            Code("#!track end")).Save(_dir, "jupyter.ipynb");
        var uri = "sqlite:///" + _dir.File("mlnb.db");

        await Tools.NbconvertExecuteAsync(input, "jupyter.out.ipynb", _dir.Path, new Dictionary<string, string> { ["MLNB_TRACKING_URI"] = uri });

        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri });
        var run = Assert.Single((await ws.Tracking.SearchRunsAsync(["jupyter"])).Items);
        Assert.Equal(("via-nbconvert", Tracking.RunStatus.Finished, "jupyter"), (run.Info.RunName, run.Info.Status, run.Param("source")));
        Assert.Equal(3, (await ws.Tracking.GetMetricHistoryAsync(run.RunId, "loss")).Count);
        Assert.Equal("1", run.Tag("mlnb.notebook.cell")); // counted from the cell that loaded the extension
        Assert.Contains(".NET Interactive 1.0.0-beta.26120.1", run.Tag("mlnb.kernel.version"));
        Assert.Contains("FINISHED", CellsOf(_dir.File("jupyter.out.ipynb"))[3].OutputText());
    }
}
