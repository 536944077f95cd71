using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>
/// MLflow's artifact proxy (<c>mlflow-artifacts:/</c>) into the content store: <c>EXPERIMENT_ID/RUN_ID/artifacts/PATH</c>
/// is downloaded (GET), uploaded (PUT: stored once per hash and registered on the run), deleted, and listed.
/// </summary>
internal static class ArtifactProxyApi
{
    /// <summary>Download: streams the file's content (hash-checked content, application/octet-stream).</summary>
    public static async Task<IResult> DownloadAsync(RouteCall call)
    {
        var (run, rel) = await ResolveAsync(call, call.Request.Path, needFile: true).ConfigureAwait(false);
        var entries = await call.Store.ListArtifactsAsync(run.RunId, rel, call.CancellationToken).ConfigureAwait(false);
        var entry = entries.FirstOrDefault(e => e.Path == rel)
            ?? throw MlnbException.NotFound($"run {run.RunId} has no artifact file '{rel}'; list them with GET /api/2.0/mlflow-artifacts/artifacts?path={run.Info.ExperimentId}/{run.RunId}/artifacts");
        if (!call.Server.Workspace.Content.Contains(entry.Md5))
            throw new MlnbException(ErrorCode.DataCorrupted, $"artifact '{rel}' of run {run.RunId} points at content {entry.Md5} that is missing from the server's content store");
        return Results.Stream(call.Server.Workspace.Content.OpenRead(entry.Md5), "application/octet-stream", enableRangeProcessing: true);
    }

    /// <summary>Upload: the request body becomes the artifact at PATH (replacing any previous one).</summary>
    public static async Task<IResult> UploadAsync(RouteCall call)
    {
        var (run, rel) = await ResolveAsync(call, call.Request.Path, needFile: true).ConfigureAwait(false);
        var added = await call.Server.Workspace.Content.AddStreamAsync(call.Http.Request.Body, call.CancellationToken).ConfigureAwait(false);
        await call.Store.LogArtifactsAsync(run.RunId, [new ArtifactEntry(rel!, added.Md5, added.Size)], call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>Delete: removes the artifact file, or every file under a folder.</summary>
    public static async Task<IResult> DeleteAsync(RouteCall call)
    {
        var (run, rel) = await ResolveAsync(call, call.Request.Path, needFile: true).ConfigureAwait(false);
        await call.Store.DeleteArtifactsAsync(run.RunId, rel!, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>List: <c>?path=EXPERIMENT_ID/RUN_ID/artifacts[/FOLDER]</c> → files (names relative to the folder).</summary>
    public static async Task<IResult> ListAsync(RouteCall call)
    {
        var path = call.Request.String("path");
        if (string.IsNullOrEmpty(path)) return MlflowResults.Json(new JsonObject { ["files"] = new JsonArray() });
        var (run, rel) = await ResolveAsync(call, path, needFile: false).ConfigureAwait(false);
        var entries = await call.Store.ListArtifactsAsync(run.RunId, rel, call.CancellationToken).ConfigureAwait(false);
        var prefix = rel is null ? 0 : rel.Length + 1;
        var files = ArtifactPaths.Children(entries, rel).Select(f => { f["path"] = f["path"]!.GetValue<string>()[prefix..]; return (JsonNode)f; });
        return MlflowResults.Json(new JsonObject { ["files"] = new JsonArray([.. files]) });
    }

    /// <summary>Splits <c>EXPERIMENT_ID/RUN_ID/artifacts/PATH</c> into the run (which must be in that experiment) and PATH.</summary>
    private static async Task<(Run Run, string? Rel)> ResolveAsync(RouteCall call, string? path, bool needFile)
    {
        var normalized = ArtifactPaths.Normalize(path, "path")
            ?? throw MlnbException.Invalid("missing artifact path; give EXPERIMENT_ID/RUN_ID/artifacts/PATH");
        var parts = normalized.Split('/', 4);
        if (parts.Length < 3 || parts[2] != "artifacts" || (needFile && parts.Length < 4))
            throw MlnbException.Invalid($"artifact path '{MlflowRequest.Shorten(normalized)}' is not EXPERIMENT_ID/RUN_ID/artifacts/PATH (the layout of a run's mlflow-artifacts:/ URI)");
        var run = await RunsApi.RequireAsync(call, parts[1]).ConfigureAwait(false);
        if (run.Info.ExperimentId != parts[0])
            throw MlnbException.NotFound($"run {run.RunId} is in experiment {run.Info.ExperimentId}, not {MlflowRequest.Shorten(parts[0])}; use the run's artifact_uri");
        return (run, parts.Length == 4 ? parts[3] : null);
    }
}
