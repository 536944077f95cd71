using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Interactive;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>How a cell ended: ok, failed (the error to show) or interrupted.</summary>
internal sealed record CellOutcome(CellFailure? Failure, string? ResultText);

/// <summary>
/// Runs one cell on the shared <see cref="KernelHost"/> and streams its kernel events to iopub as they happen: stdout/
/// stderr streams, execute_result, display_data (with its display_id) and update_display_data, clear_output. The same
/// events the runner's <see cref="OutputCollector"/> stores, with the same MIME bundles (<see cref="MimeBundle"/>).
/// </summary>
internal static class CellExecution
{
    /// <summary>How long an interrupted cell gets to wind down before the reply goes out anyway.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(2);

    public static async Task<CellOutcome> RunAsync(KernelSession session, JupyterMessage request, string code, int count, bool silent)
    {
        string? resultText = null;
        var failed = (CommandFailed?)null;
        using var subscription = session.Host.Kernel.KernelEvents.Subscribe(e =>
        {
            if (e is CommandFailed f) { failed ??= f; return; }
            if (e is ReturnValueProduced r) resultText = MimeBundle.From(r)["text/plain"]?.ToString();
            if (!silent && Map(e, count) is { } message) session.Publish(request, message.Type, message.Content);
        });
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = session.Interruption.Register(() => interrupted.TrySetResult());
        Cell.Interruption = session.Interruption;
        var run = session.Host.Kernel.SendAsync(new SubmitCode(InterruptPoints.Insert(code), "csharp"));
        if (await Task.WhenAny(run, interrupted.Task).ConfigureAwait(false) != run)
        {
            // Loops stop at their next iteration (InterruptPoints); an awaited call gets .NET Interactive's Cancel.
            if (await Task.WhenAny(run, Task.Delay(InterruptGrace)).ConfigureAwait(false) != run)
            {
                _ = session.Host.Kernel.SendAsync(new Cancel());
                await Task.WhenAny(run, Task.Delay(InterruptGrace)).ConfigureAwait(false);
            }
            return new CellOutcome(Interrupted(count), null);
        }
        var result = await run.ConfigureAwait(false);
        failed ??= KernelHost.Failure(result);
        if (failed is null) return new CellOutcome(null, resultText);
        if (session.Interruption.IsCancellationRequested) return new CellOutcome(Interrupted(count), null);
        return new CellOutcome(Readable(NotebookRunner.Describe(failed) with { ExecutionCount = count }), null);
    }

    /// <summary>Frontends show only the traceback: it starts with "ename: evalue" (a compile error's trace may have nothing else).</summary>
    private static CellFailure Readable(CellFailure f)
    {
        var trace = f.Traceback.Where(l => !l.Contains("--- End of inner exception stack trace ---", StringComparison.Ordinal)).ToList();
        if (trace.Count == 0 || !trace[0].Contains(f.Message, StringComparison.Ordinal)) trace.Insert(0, $"{f.ExceptionName}: {f.Message}");
        return f with { Traceback = trace };
    }

    private static CellFailure Interrupted(int count) =>
        new(0, count, "KeyboardInterrupt", "the cell was interrupted", ["KeyboardInterrupt: the cell was interrupted (interrupt_request)"]);

    /// <summary>The iopub message for a kernel event, or null for events that are not output.</summary>
    private static (string Type, object Content)? Map(KernelEvent e, int count) => e switch
    {
        StandardOutputValueProduced o => ("stream", (object)new StreamText("stdout", Text(o))),
        StandardErrorValueProduced o => ("stream", new StreamText("stderr", Text(o))),
        ReturnValueProduced r => ("execute_result", new ExecuteResult(count, MimeBundle.From(r), new JsonObject())),
        DisplayedValueUpdated u => (u.ValueId is null ? "display_data" : "update_display_data", new DisplayData(MimeBundle.From(u), new JsonObject(), Transient(u.ValueId))),
        DisplayedValueProduced d => ("display_data", new DisplayData(MimeBundle.From(d), new JsonObject(), Transient(d.ValueId))),
        ClearOutputRequested c => ("clear_output", new ClearOutput(c.Wait)),
        _ => ((string, object)?)null,
    };

    private static string Text(DisplayEvent e) => string.Concat(e.FormattedValues.Select(f => f.Value));

    private static JsonObject Transient(string? valueId) => valueId is null ? [] : new JsonObject { ["display_id"] = valueId };
}
