using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;
using MlNotebooks.Lineage;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Ui;

/// <summary>The UI's tracking reads: experiments, a run page in one request, and artifact bytes.</summary>
internal static class UiTrackingApi
{
    private const int PreviewBytes = 256 * 1024;

    /// <summary><c>GET .../ui/experiments</c>: the active experiments the caller may read, MLflow's JSON shape.</summary>
    public static async Task<JsonNode> ExperimentsAsync(RouteCall call)
    {
        var context = call.Http;
        var page = await call.Tracking.ListExperimentsAsync(ViewType.ActiveOnly, UiHttp.Int(context, "max_results", 1000, 1, 50000), UiHttp.Query(context, "page_token"), context.RequestAborted).ConfigureAwait(false);
        var readable = await call.ReadableAsync(ResourceKind.Experiment).ConfigureAwait(false);
        return new JsonObject
        {
            ["experiments"] = new JsonArray([.. page.Items.Where(e => readable(e.ExperimentId)).Select(e => (JsonNode)MlflowJson.ToJson(e))]),
            ["next_page_token"] = page.NextPageToken,
        };
    }

    /// <summary>
    /// <c>GET .../ui/run?run_id=[&amp;lite=1]</c>: the run (MLflow's JSON) and its experiment; unless <c>lite</c>,
    /// also its artifacts and lineage.
    /// </summary>
    public static async Task<JsonNode> RunPageAsync(RouteCall call)
    {
        var context = call.Http;
        var run = await call.Tracking.GetRunAsync(UiHttp.Required(context, "run_id"), context.RequestAborted).ConfigureAwait(false);
        var experiment = await call.Store.GetExperimentAsync(run.Info.ExperimentId, context.RequestAborted).ConfigureAwait(false);
        var result = new JsonObject
        {
            ["run"] = MlflowJson.ToJson(run),
            ["experiment"] = experiment is null ? null : new JsonObject { ["experiment_id"] = experiment.ExperimentId, ["name"] = experiment.Name },
        };
        if (UiHttp.Query(context, "lite") is "1" or "true") return result;
        var artifacts = await call.Tracking.ListArtifactsAsync(run.RunId, null, context.RequestAborted).ConfigureAwait(false);
        result["artifacts"] = new JsonArray([.. artifacts.Select(a => (JsonNode)new JsonObject { ["path"] = a.Path, ["file_size"] = a.Size })]);
        try
        {
            var g = await call.Server.Workspace.Lineage.GetAsync(run.RunId, context.RequestAborted).ConfigureAwait(false);
            result["lineage"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. g.Nodes.Select(n => (JsonNode)new JsonObject
                {
                    ["kind"] = n.Kind, ["id"] = n.Id, ["label"] = n.Label,
                    ["details"] = new JsonObject([.. n.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]),
                })]),
                ["edges"] = new JsonArray([.. g.Edges.Select(e => (JsonNode)new JsonObject { ["from"] = e.From, ["to"] = e.To, ["relation"] = e.Relation })]),
            };
        }
        catch (MlnbException)
        {
            // Lineage is extra: a workspace without data tracking still shows the run.
        }
        return result;
    }

    /// <summary>
    /// <c>GET .../ui/artifact?run_id=&amp;path=[&amp;preview=1][&amp;download=1]</c>: one artifact file from the content
    /// store. A preview stops after 256 KiB and says so in <c>X-Mlnb-Truncated</c>.
    /// </summary>
    public static async Task<IResult> ArtifactContentAsync(RouteCall call)
    {
        var context = call.Http;
        var tracking = call.Tracking;
        var runId = UiHttp.Required(context, "run_id");
        TrackingLimits.ValidateRunId(runId);
        var path = UiHttp.Required(context, "path");
        var entry = (await tracking.ListArtifactsAsync(runId, path, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(a => a.Path == path.Trim('/'))
            ?? throw MlnbException.NotFound($"run {runId} has no artifact file '{path}'; the run page lists its artifacts");
        if (!tracking.Content.Contains(entry.Md5))
            throw new MlnbException(ErrorCode.DataCorrupted, $"artifact '{path}' is recorded but its content {entry.Md5} is missing from the content store; pull it with `mlnb data pull`");
        var preview = UiHttp.Query(context, "preview") is "1" or "true";
        var response = context.Response;
        response.ContentType = UiAssets.ContentTypeOf(entry.Path) is var t && t.StartsWith("text/html", StringComparison.Ordinal) ? "text/plain; charset=utf-8" : t;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        response.Headers.ETag = "\"" + entry.Md5 + "\"";
        response.Headers.CacheControl = "private, max-age=3600";
        if (UiHttp.Query(context, "download") is "1" or "true")
            response.Headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileName(entry.Path).Replace("\"", "", StringComparison.Ordinal)}\"";
        var length = preview ? Math.Min(entry.Size, PreviewBytes) : entry.Size;
        if (preview) response.Headers["X-Mlnb-Truncated"] = entry.Size > PreviewBytes ? "true" : "false";
        response.ContentLength = length;
        await using var stream = tracking.Content.OpenRead(entry.Md5);
        var buffer = new byte[81920];
        for (long left = length; left > 0;)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), context.RequestAborted).ConfigureAwait(false);
            if (n == 0) break;
            await response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
            left -= n;
        }
        return Results.Empty;
    }
}
