using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace MlNotebooks.Interactive.Charts;

/// <summary>
/// A displayed chart of the active run's metric histories that <see cref="Refresh"/> redraws in place (same element,
/// same display), e.g. every few epochs of a training loop. Returned by <see cref="Track.Chart(string[])"/>.
/// </summary>
public sealed class LiveChart
{
    private readonly string _runId;
    private readonly IReadOnlyList<string> _metrics;
    private readonly string _id = "mlnb-live-" + Guid.NewGuid().ToString("N")[..12];
    private readonly DisplayedValue? _display;

    internal LiveChart(string runId, IReadOnlyList<string> metrics)
    {
        _runId = runId;
        _metrics = metrics;
        var view = Create();
        _display = KernelInvocationContext.Current?.Display(view, "text/html", "text/plain");
        Html = view.Html;
    }

    /// <summary>The chart's HTML as last drawn.</summary>
    public string Html { get; private set; }

    /// <summary>Writes buffered metrics, then redraws the chart in place with the histories so far.</summary>
    public void Refresh()
    {
        var view = Create();
        Html = view.Html;
        _display?.Update(view);
    }

    private ChartView Create()
    {
        var session = TrackingSession.Shared;
        if (session.Current is { } run && run.RunId == _runId) run.FlushAsync().GetAwaiter().GetResult();
        var ws = session.WorkspaceAsync().GetAwaiter().GetResult();
        return MetricHistoryChart.CreateAsync(ws, [_runId], _metrics, _id, CancellationToken.None, allowEmpty: true).GetAwaiter().GetResult();
    }
}
