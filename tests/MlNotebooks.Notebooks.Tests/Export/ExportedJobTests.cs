using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Notebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Notebooks.Tests.Export;

/// <summary>
/// The exported job is built with `dotnet build` and run with `dotnet`, against a temporary workspace, and must log
/// what the notebook's own headless run logs (same params, same metric series within 1e-6). Restore is offline:
/// packages come from the export's feed/ and, read-only, from the machine's NuGet cache (a fallback folder).
/// </summary>
public sealed class ExportedJobTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("notebooks/examples/train-tracked.ipynb", "demo")]
    [InlineData("templates/mlnb-notebook/MlnbNotebook.ipynb", "mlnb-experiment")]
    public async Task ExportedJob_BuildsRunsAndLogsTheNotebooksMetrics(string notebook, string experiment)
    {
        var exported = NotebookExporter.Export(new ExportRequest(Repo.Path(notebook), _dir.File("job"), Name: "job"));
        var notebookUri = "sqlite:///" + _dir.File("notebook.db");
        var jobUri = "sqlite:///" + _dir.File("job.db");

        var run = await NotebookRunner.RunAsync(new RunOptions { InputPath = Repo.Path(notebook), OutputPath = _dir.File("executed.ipynb"), TrackingUri = notebookUri, WorkingDirectory = _dir.Path });
        Assert.True(run.Succeeded, run.Failure?.Message);

        await DotnetJob.BuildAsync(exported.Output, _dir.File("nuget-packages"));
        var output = await DotnetJob.RunAsync(exported.Output, "Job", _dir.Path, new() { ["MLNB_TRACKING_URI"] = jobUri, ["MLNB_RUN_ID_FILE"] = _dir.File("run-id") });
        Assert.Contains("== job finished", output);

        var expected = await RunOf(notebookUri, experiment);
        var actual = await RunOf(jobUri, experiment);
        Assert.Equal(File.ReadAllText(_dir.File("run-id")), actual.Run.RunId);
        Assert.Equal(expected.Params, actual.Params);
        Assert.Equal(expected.Metrics.Keys, actual.Metrics.Keys);
        Assert.NotEmpty(expected.Metrics);
        foreach (var (key, series) in expected.Metrics)
        {
            Assert.Equal(series.Select(m => m.Step), actual.Metrics[key].Select(m => m.Step));
            foreach (var (e, a) in series.Zip(actual.Metrics[key])) Assert.Equal(e.Value, a.Value, 1e-6);
        }
        Assert.Equal("FINISHED", actual.Run.Info.Status.ToString().ToUpperInvariant());
    }

    private static async Task<(Run Run, Dictionary<string, string> Params, SortedDictionary<string, IReadOnlyList<Metric>> Metrics)> RunOf(string uri, string experiment)
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri });
        var run = Assert.Single((await ws.Tracking.SearchRunsAsync([experiment])).Items);
        var metrics = new SortedDictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
        foreach (var key in run.Metrics.Select(m => m.Key).Distinct()) metrics[key] = await ws.Tracking.GetMetricHistoryAsync(run.RunId, key);
        return (run, run.Params.ToDictionary(p => p.Key, p => p.Value), metrics);
    }
}
