using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's artifacts/list: the direct children (files and folders) of a path in a run's artifacts.</summary>
internal static class ArtifactsApi
{
    /// <summary>ListArtifacts: run_id (or run_uuid), path, page_token → root_uri, files.</summary>
    public static async Task<IResult> ListAsync(RouteCall call)
    {
        var r = call.Request;
        var run = await RunsApi.RequireAsync(call, TrackingBinding.RunId(r)).ConfigureAwait(false);
        var path = ArtifactPaths.Normalize(r.String("path"), "path");
        var entries = await call.Store.ListArtifactsAsync(run.RunId, path, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject
        {
            ["root_uri"] = TrackingJson.Proxy(run.Info.ArtifactUri),
            ["files"] = new JsonArray([.. ArtifactPaths.Children(entries, path).Select(f => (JsonNode)f)]),
        });
    }
}
