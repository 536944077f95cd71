using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Tracking;

namespace MlNotebooks.Cli.Notebooks;

/// <summary><c>--track</c>: one run per execution with its parameters, duration, status and the executed notebook.</summary>
internal static class NotebookTracking
{
    public static async Task<RunResult> RunTrackedAsync(RunOptions options, NotebookRunCommand.Settings s, CancellationToken ct)
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = s.TrackingUri, StartDirectory = s.Cwd }, ct).ConfigureAwait(false);
        var tags = new Dictionary<string, string>
        {
            [SystemTags.SourceName] = Path.GetFullPath(options.InputPath),
            [SystemTags.SourceType] = "NOTEBOOK",
            ["mlnb.notebook.output"] = Path.GetFullPath(options.OutputPath),
        };
        var run = await ws.Tracking.StartRunAsync(s.Experiment, Path.GetFileNameWithoutExtension(options.InputPath), tags: tags, cancellationToken: ct).ConfigureAwait(false);
        RunResult result;
        try
        {
            result = await NotebookRunner.RunAsync(options, ct).ConfigureAwait(false);
        }
        catch
        {
            await run.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        run.LogParams(result.Parameters.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
        run.LogMetric("duration_s", result.Duration.TotalSeconds);
        run.LogMetric("cells_run", result.CellsRun);
        run.SetTag("mlnb.notebook.status", result.Succeeded ? "completed" : "failed");
        if (result.Failure is { } f) run.SetTag("mlnb.notebook.failed_cell", f.CellIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await run.LogArtifactAsync(options.OutputPath, "notebook", ct).ConfigureAwait(false);
        await run.EndAsync(result.Succeeded ? RunStatus.Finished : RunStatus.Failed, ct).ConfigureAwait(false);
        Console.Error.WriteLine($"tracked as run {run.RunId} in experiment '{s.Experiment}'");
        return result;
    }
}
