using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Interactive;
using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>
/// Executes a notebook headless, in this process, on real .NET Interactive kernels, the way papermill does:
/// parameters injected after the <c>parameters</c> cell, per-cell papermill metadata, and on failure the executed
/// notebook written anyway with an error marker at the top.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs the notebook; the executed notebook is at <see cref="RunResult.OutputPath"/> whatever happened.</summary>
    public static async Task<RunResult> RunAsync(RunOptions options, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var notes = new List<string>();
        var source = Notebook.Load(options.ResumePath ?? options.InputPath);
        NotebookLanguage.Check(source, options.ResumePath ?? options.InputPath);
        foreach (var marker in source.Cells.OfType<JsonObject>().Where(Papermill.IsErrorMarker).ToList()) source.Cells.Remove(marker);

        var plan = options.ResumePath is null ? ResumePlan.FromTop : ResumePlanner.Plan(source, options.Parameters, notes);
        var parameters = plan.Parameters ?? options.Parameters;
        var defaults = InjectParameters(source, parameters);
        var cells = source.Cells.OfType<JsonObject>().ToList();
        PrepareMetadata(source, options, defaults, parameters, started);
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
        {
            if (plan.Keeps(i)) continue;
            Papermill.Pending(cell);
            if (cell.CellType() == "code") { cell["execution_count"] = null; cell["outputs"] = new JsonArray(); }
        }

        var previousDir = Directory.GetCurrentDirectory();
        if (options.WorkingDirectory is { } cwd)
        {
            if (!Directory.Exists(cwd)) throw MlnbException.NotFound($"--cwd '{cwd}' does not exist");
            Directory.SetCurrentDirectory(cwd);
        }
        var session = TrackingSession.Shared;
        await session.ResetAsync().ConfigureAwait(false); // a workspace opened for another run or folder does not carry over
        session.TrackingUri = options.TrackingUri;
        session.Lineage.NotebookPath = Path.GetFullPath(options.InputPath);
        KernelHost? host = null;
        CellFailure? failure = null;
        var cellsRun = 0;
        var abandoned = false;
        try
        {
            host = await KernelHost.StartAsync().ConfigureAwait(false);
            var count = 0;
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (plan.Keeps(i))
                {
                    if (cell["execution_count"]?.GetValue<int>() is int kept) count = Math.Max(count, kept);
                    continue;
                }
                var t0 = DateTimeOffset.UtcNow;
                if (cell.CellType() != "code" || string.IsNullOrWhiteSpace(cell.Source()))
                {
                    Papermill.Finished(cell, t0, DateTimeOffset.UtcNow, failed: false);
                    continue;
                }
                count++;
                session.Lineage.CellIndex = i;
                options.Log?.Invoke($"cell {i} (In [{count}])");
                var (outputs, error, timedOut) = await ExecuteCellAsync(host, cell, count, options, cancellationToken).ConfigureAwait(false);
                cellsRun++;
                cell["execution_count"] = count;
                cell["outputs"] = outputs;
                Papermill.Finished(cell, t0, DateTimeOffset.UtcNow, failed: error is not null);
                if (error is null) continue;
                failure = error with { CellIndex = i, ExecutionCount = count };
                abandoned = timedOut;
                break;
            }
        }
        finally
        {
            await session.EndAllAsync(failure is null ? Tracking.RunStatus.Finished : Tracking.RunStatus.Failed).ConfigureAwait(false);
            session.Lineage.CellIndex = null;
            if (options.WorkingDirectory is not null) Directory.SetCurrentDirectory(previousDir);
            // A cell that never returned still holds the kernel's thread: leave that kernel to the process exit.
            if (!abandoned) host?.Dispose();
        }

        if (failure is not null)
        {
            var (top, anchor) = Papermill.ErrorMarkers(failure.ExecutionCount, failure.CellIndex);
            source.Cells.Insert(failure.CellIndex, anchor);
            source.Cells.Insert(0, top);
            failure = failure with { CellIndex = failure.CellIndex + 2 };
        }
        var ended = DateTimeOffset.UtcNow;
        var pm = (JsonObject)source.Metadata["papermill"]!;
        pm["end_time"] = Papermill.Time(ended);
        pm["duration"] = Math.Round(clock.Elapsed.TotalSeconds, 6);
        pm["exception"] = failure is null ? null : true;
        source.EnsureCellIds();
        source.Save(options.OutputPath);
        return new RunResult(failure is null, options.OutputPath, clock.Elapsed, cellsRun, failure, parameters, notes);
    }

    private static IReadOnlyList<NotebookParameter> InjectParameters(Notebook nb, IReadOnlyDictionary<string, string> values)
    {
        var cells = nb.Cells.OfType<JsonObject>().ToList();
        var parametersCell = cells.FirstOrDefault(c => c.Tags().Contains(ParameterCell.ParametersTag));
        var defaults = parametersCell is null ? [] : ParameterCell.ReadDefaults(parametersCell.Source());
        var existing = cells.FirstOrDefault(c => c.Tags().Contains(ParameterCell.InjectedTag));
        if (values.Count == 0) return defaults;
        var injected = CellExtensions.NewCode(ParameterCell.InjectedSource(defaults, values), ParameterCell.InjectedTag);
        if (existing is not null)
        {
            injected["id"] = existing["id"]?.DeepClone();
            nb.Cells[nb.Cells.IndexOf(existing)] = injected;
        }
        else nb.Cells.Insert(parametersCell is null ? 0 : nb.Cells.IndexOf(parametersCell) + 1, injected);
        return defaults;
    }

    private static void PrepareMetadata(Notebook nb, RunOptions o, IReadOnlyList<NotebookParameter> defaults, IReadOnlyDictionary<string, string> parameters, DateTimeOffset started)
    {
        var given = new JsonObject();
        foreach (var (k, v) in parameters) given[k] = v;
        nb.Metadata["papermill"] = new JsonObject
        {
            ["default_parameters"] = ParameterCell.DefaultsJson(defaults),
            ["duration"] = null,
            ["end_time"] = null,
            ["environment_variables"] = new JsonObject(),
            ["exception"] = null,
            ["input_path"] = o.InputPath,
            ["output_path"] = o.OutputPath,
            ["parameters"] = given,
            ["start_time"] = Papermill.Time(started),
            ["version"] = "mlnb " + (typeof(NotebookRunner).Assembly.GetName().Version?.ToString(3) ?? "0"),
        };
    }

    private static async Task<(JsonArray Outputs, CellFailure? Error, bool TimedOut)> ExecuteCellAsync(
        KernelHost host, JsonObject cell, int count, RunOptions options, CancellationToken ct)
    {
        // Events as they come, so a cell that never returns still shows what it printed.
        var seen = new List<KernelEvent>();
        var gate = new object();
        using var subscription = host.Kernel.KernelEvents.Subscribe(e => { lock (gate) seen.Add(e); });
        var kernelName = NotebookLanguage.KernelFor(cell);
        var run = host.SubmitAsync(cell.Source(), kernelName, ct);
        var timedOut = false;
        if (options.CellTimeout is { } timeout)
        {
            var finished = await Task.WhenAny(run, Task.Delay(timeout, ct)).ConfigureAwait(false);
            timedOut = finished != run;
        }
        else await run.ConfigureAwait(false);
        lock (gate)
        {
            var events = timedOut ? seen.ToList() : run.Result.Events.ToList();
            var collector = new OutputCollector(count, options.MaxOutputBytes);
            foreach (var e in events.Where(e => e is not CommandFailed)) collector.Add(e);
            var failed = events.OfType<CommandFailed>().FirstOrDefault();
            CellFailure? error = null;
            if (timedOut)
            {
                var seconds = options.CellTimeout!.Value.TotalSeconds;
                error = new CellFailure(0, count, "CellTimeoutError", $"the cell did not finish within {seconds:0.###} s; raise --timeout or make the cell faster", [$"CellTimeoutError: cell ran longer than --timeout {seconds:0.###}"]);
            }
            else if (failed is not null) error = Describe(failed);
            if (error is not null) collector.AddError(error.ExceptionName, error.Message, error.Traceback);
            collector.Finish();
            return (collector.Outputs, error, timedOut);
        }
    }

    internal static CellFailure Describe(CommandFailed failed)
    {
        var ex = failed.Exception;
        var name = ex is not null ? ex.GetType().Name : failed.Message.Contains(": error CS", StringComparison.Ordinal) ? "CompilationError" : "Error";
        var message = ex?.Message ?? failed.Message;
        var trace = (ex?.ToString() ?? failed.Message).ReplaceLineEndings("\n").Split('\n')
            .Where(l => l.Length > 0 && !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) && !l.Contains("Microsoft.DotNet.Interactive", StringComparison.Ordinal)
                        && !l.Contains("--- End of stack trace", StringComparison.Ordinal))
            .Take(8).ToList();
        return new CellFailure(0, 0, name, message.ReplaceLineEndings(" ").Trim(), trace);
    }
}
