using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Ui;

/// <summary>
/// <c>GET /ajax-api/2.0/mlnb/ui/metric-chart?run_id=ID&amp;key=loss&amp;x=step|time&amp;points=1000&amp;mode=minmax|lttb|raw</c>:
/// one metric of one run, reduced server-side to what <c>points</c> pixel buckets can show (the role of MLflow's
/// <c>metrics/get-history-bulk-interval</c>); the browser overlays several runs, one request each. <c>x=time</c>
/// orders and buckets by timestamp; <c>t0</c> is the first timestamp, for relative time.
/// </summary>
internal static class UiChart
{
    public static async Task<JsonNode> GetAsync(RouteCall call)
    {
        var context = call.Http;
        var runId = UiHttp.Required(context, "run_id");
        TrackingLimits.ValidateRunId(runId);
        var key = UiHttp.Required(context, "key");
        var byTime = (UiHttp.Query(context, "x") ?? "step") switch
        {
            "step" => false,
            "time" => true,
            var other => throw MlnbException.Invalid($"query field 'x' must be 'step' or 'time', not '{other}'"),
        };
        var mode = UiHttp.Query(context, "mode") ?? "minmax";
        if (mode is not ("minmax" or "lttb" or "raw")) throw MlnbException.Invalid($"query field 'mode' must be 'minmax', 'lttb' or 'raw', not '{mode}'");
        var points = UiHttp.Int(context, "points", 1000, 10, 20000);
        JsonObject series;
        if (mode == "minmax" && call.Store is IMetricBucketReader reader)
        {
            // The store reduces the curve itself and returns a few thousand rows, not 100,000.
            var b = await reader.GetMetricBucketsAsync(runId, key, byTime, points, context.RequestAborted).ConfigureAwait(false);
            series = Series(runId, b.Points, byTime, b.Reduced ? "raw" : mode, points);
            // t0 is the earliest timestamp among the points kept: exact on the time axis (the first point is kept),
            // and on the step axis the first step's, which a logger writes first.
            if (b.Reduced) series["total_points"] = b.FinitePoints;
        }
        else series = Series(runId, await call.Tracking.GetMetricHistoryAsync(runId, key, context.RequestAborted).ConfigureAwait(false), byTime, mode, points);
        series["key"] = key;
        series["x_axis"] = byTime ? "time" : "step";
        return series;
    }

    private static JsonObject Series(string runId, IReadOnlyList<Metric> history, bool byTime, string mode, int points)
    {
        var ordered = byTime ? [.. history.OrderBy(m => m.Timestamp).ThenBy(m => m.Step)] : history;
        var xs = new double[ordered.Count];
        var ys = new double[ordered.Count];
        long t0 = long.MaxValue;
        for (var i = 0; i < ordered.Count; i++)
        {
            xs[i] = byTime ? ordered[i].Timestamp : ordered[i].Step;
            ys[i] = ordered[i].Value;
            t0 = Math.Min(t0, ordered[i].Timestamp);
        }
        var keep = mode switch
        {
            "raw" => [.. Enumerable.Range(0, ordered.Count)],
            "lttb" => MetricDownsampler.Lttb(xs, ys, points),
            _ => MetricDownsampler.MinMax(xs, ys, points),
        };
        var x = new JsonArray();
        var y = new JsonArray();
        foreach (var i in keep)
        {
            x.Add(byTime ? JsonValue.Create(ordered[i].Timestamp) : JsonValue.Create(ordered[i].Step));
            y.Add(UiHttp.Number(ys[i]));
        }
        return new JsonObject
        {
            ["run_id"] = runId,
            ["total_points"] = ordered.Count,
            ["t0"] = ordered.Count == 0 ? null : t0,
            ["x"] = x,
            ["y"] = y,
        };
    }
}
