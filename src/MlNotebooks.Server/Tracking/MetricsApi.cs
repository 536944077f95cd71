using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's metric history RPC.</summary>
internal static class MetricsApi
{
    /// <summary>Largest page of points (MLflow's GetMetricHistory default and limit).</summary>
    public const int MaxResultsLimit = 25_000;

    /// <summary>GetMetricHistory: run_id (or run_uuid), metric_key, max_results, page_token → metrics, next_page_token.</summary>
    public static async Task<IResult> GetHistoryAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        var key = r.RequiredString("metric_key");
        var max = TrackingBinding.MaxResults(r, MaxResultsLimit, MaxResultsLimit);
        var offset = PageTokens.Offset(r.String("page_token"));
        TrackingLimits.ValidateRunId(runId);
        var points = await call.Store.GetMetricHistoryAsync(runId, key, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["metrics"] = TrackingJson.Array(points.Skip(offset).Take(max), MlflowJson.ToJson) }
            .WithToken(PageTokens.Next(offset, max, points.Count)));
    }
}
