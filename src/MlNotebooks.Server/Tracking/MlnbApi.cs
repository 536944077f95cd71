using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Lineage;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>
/// Our extras under <c>/api/2.0/mlnb/</c>, in MLflow's style: content-addressed artifact transfer (upload a blob once
/// per hash, then register entries), artifact entries with their hashes, runs by dataset digest, and lineage.
/// </summary>
internal static class MlnbApi
{
    /// <summary>content/missing: md5 (repeated) → the ones the server's content store lacks.</summary>
    public static Task<IResult> MissingContentAsync(RouteCall call)
    {
        var content = call.Server.Workspace.Content;
        var missing = call.Request.Strings("md5").Select(m => ContentHash(m, "md5")).Where(m => !content.Contains(m)).Distinct();
        return Task.FromResult(MlflowResults.Json(new JsonObject { ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]) }));
    }

    /// <summary>PUT content/MD5: stores the body; fails when its hash is not MD5 (the stray blob is left for `mlnb gc`).</summary>
    public static async Task<IResult> PutContentAsync(RouteCall call)
    {
        var md5 = ContentHash(call.Request.Path, "md5");
        var added = await call.Server.Workspace.Content.AddStreamAsync(call.Http.Request.Body, call.CancellationToken).ConfigureAwait(false);
        if (added.Md5 != md5)
            throw MlnbException.Invalid($"the uploaded content hashes to {added.Md5}, not {md5}; the upload was damaged, send it again");
        return MlflowResults.Json(new JsonObject { ["md5"] = added.Md5, ["file_size"] = added.Size });
    }

    /// <summary>artifacts/log: run_id, artifacts [{path, md5, file_size}] whose content is already on the server.</summary>
    public static async Task<IResult> LogArtifactsAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = r.RequiredString("run_id");
        var entries = r.Objects("artifacts").Select(a => new ArtifactEntry(
            ArtifactPaths.Normalize(a.RequiredString("path"), a.Where + ".path")!, ContentHash(a.RequiredString("md5"), a.Where + ".md5"), a.Long("file_size") ?? 0)).ToList();
        foreach (var e in entries.Where(e => !call.Server.Workspace.Content.Contains(e.Md5)))
            throw MlnbException.Invalid($"artifact '{e.Path}' points at content {e.Md5} the server does not have; upload it with PUT /api/2.0/mlnb/content/{e.Md5} first");
        await call.Store.LogArtifactsAsync(runId, entries, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>artifacts/entries: run_id, path → every file under path with its hash and size.</summary>
    public static async Task<IResult> ListEntriesAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        TrackingLimits.ValidateRunId(runId);
        var entries = await call.Store.ListArtifactsAsync(runId, ArtifactPaths.Normalize(r.String("path"), "path"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["artifacts"] = TrackingJson.Array(entries, e => new JsonObject { ["path"] = e.Path, ["md5"] = e.Md5, ["file_size"] = e.Size }) });
    }

    /// <summary>runs/by-input: digest → ids of runs that read a dataset with that digest.</summary>
    public static async Task<IResult> RunsByInputAsync(RouteCall call)
    {
        var ids = await call.Store.FindRunsByInputAsync(call.Request.RequiredString("digest"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["run_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) });
    }

    /// <summary>lineage: ref (a run id or models:/NAME/VERSION) → nodes and edges, data → run → model.</summary>
    public static async Task<IResult> LineageAsync(RouteCall call)
    {
        var graph = await call.Server.Workspace.Lineage.GetAsync(call.Request.RequiredString("ref"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject
        {
            ["nodes"] = TrackingJson.Array(graph.Nodes, n => new JsonObject
            {
                ["kind"] = n.Kind, ["id"] = n.Id, ["label"] = n.Label,
                ["details"] = new JsonObject([.. n.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]),
            }),
            ["edges"] = TrackingJson.Array(graph.Edges, e => new JsonObject { ["from"] = e.From, ["to"] = e.To, ["relation"] = e.Relation }),
        });
    }

    private static string ContentHash(string? md5, string field) =>
        md5 is { Length: 32 } && md5.All(char.IsAsciiHexDigitLower) ? md5
        : throw MlnbException.Invalid($"invalid value '{MlflowRequest.Shorten(md5 ?? "")}' for parameter '{field}': a content hash is 32 lowercase hex characters");
}
