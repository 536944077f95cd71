using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Charts;

/// <summary>Charts of metric histories from the tracking store: one run's metrics, or several runs overlaid.</summary>
internal static class MetricHistoryChart
{
    /// <summary>
    /// A chart of <paramref name="metrics"/> (all of each run's metrics when empty) for <paramref name="runIds"/>; with
    /// several runs each line is named <c>RUN-NAME/metric</c>. Fails naming the metrics there are when none match, unless
    /// <paramref name="allowEmpty"/> (a live chart drawn before the first step): then the named metrics get empty lines.
    /// </summary>
    public static async Task<ChartView> CreateAsync(Workspace ws, IReadOnlyList<string> runIds, IReadOnlyList<string> metrics, string? id, CancellationToken ct, bool allowEmpty = false)
    {
        var runs = new List<Run>();
        foreach (var runId in runIds) runs.Add(await ws.Tracking.GetRunAsync(runId, ct).ConfigureAwait(false));
        var keys = metrics.Count > 0 ? metrics : runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = new List<ChartSeries>();
        foreach (var run in runs)
            foreach (var key in keys.Where(k => run.Metric(k) is not null))
            {
                var history = (await ws.Tracking.GetMetricHistoryAsync(run.RunId, key, ct).ConfigureAwait(false))
                    .OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ToList();
                var name = runs.Count == 1 ? key : $"{run.Info.RunName ?? run.RunId[..8]}/{key}";
                series.Add(new ChartSeries(name, [.. history.Select(m => (double)m.Step)], [.. history.Select(m => m.Value)]));
            }
        if (series.Count == 0 && allowEmpty && metrics.Count > 0)
            series.AddRange(metrics.Select(m => new ChartSeries(m, [], [])));
        if (series.Count == 0)
        {
            var there = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
            var asked = metrics.Count > 0 ? $"metric {string.Join(", ", metrics.Select(m => $"'{m}'"))}" : "any metric";
            throw MlnbException.Invalid(there.Count == 0
                ? $"run {string.Join(", ", runs.Select(r => r.RunId[..8]))} has no metrics to chart; log some with `#!track metric loss=0.5 --step 1` or Track.Metric(\"loss\", loss, step)"
                : $"no run has {asked}; metrics there: {string.Join(", ", there)}");
        }
        var title = string.Join(", ", keys.Where(k => allowEmpty || runs.Any(r => r.Metric(k) is not null))) + " — " +
                    (runs.Count == 1 ? $"run {runs[0].Info.RunName ?? runs[0].RunId[..8]}" : $"{runs.Count} runs");
        return ChartView.Of(title, series, "step", id);
    }
}
