using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using MlNotebooks.Data;
using MlNotebooks.Interactive.Formatting;

namespace MlNotebooks.Interactive.Magics.Data;

/// <summary>
/// A long data operation's progress in its cell: the <see cref="DataProgress"/> the core reports (what the CLI's progress
/// bars show) is displayed once when the operation starts, updated in place at most four times a second, and once more
/// when it ends.
/// </summary>
internal sealed class DataProgressDisplay : IProgress<DataProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private DataProgress? _latest;
    private TimeSpan _operationStart;

    /// <summary>Keeps the newest report (called from the core's worker threads; cheap, displays nothing).</summary>
    public void Report(DataProgress value)
    {
        lock (_lock)
        {
            if (_latest is { } last && last.Operation == value.Operation && last.TotalFiles == value.TotalFiles && value.DoneFiles < last.DoneFiles)
                return; // a slower thread's older count
            if (_latest is not null && _latest.Operation != value.Operation) _operationStart = _clock.Elapsed; // pull: fetch, then checkout
            _latest = value;
        }
    }

    /// <summary>Runs <paramref name="work"/> with a progress display in the cell; the display ends as done or failed.</summary>
    public static async Task<T> RunAsync<T>(KernelInvocationContext ctx, string title, Func<IProgress<DataProgress>, Task<T>> work)
    {
        var progress = new DataProgressDisplay();
        var shown = ctx.Display(progress.View(title, "running"), "text/html", "text/plain");
        var task = work(progress);
        DataProgress? shownState = null;
        while (await Task.WhenAny(task, Task.Delay(Interval, CancellationToken.None)).ConfigureAwait(false) != task)
        {
            var view = progress.View(title, "running");
            if (ReferenceEquals(view.Progress, shownState)) continue;
            shownState = view.Progress;
            shown.Update(view);
        }
        shown.Update(progress.View(title, task.IsCompletedSuccessfully ? "done" : "failed"));
        return await task.ConfigureAwait(false);
    }

    private DataProgressView View(string title, string state)
    {
        lock (_lock) return new DataProgressView(title, state, _latest, _clock.Elapsed - _operationStart);
    }
}
