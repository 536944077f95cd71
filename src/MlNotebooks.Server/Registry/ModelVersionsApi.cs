using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Registry;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Server.Tracking;

namespace MlNotebooks.Server.Registry;

/// <summary>MLflow's ModelVersion RPCs.</summary>
internal static class ModelVersionsApi
{
    private static IResult One(ModelVersion v) => MlflowResults.Json(new JsonObject { ["model_version"] = RegistryJson.Version(v) });

    /// <summary>CreateModelVersion: name, source, run_id, tags, description → model_version (packaged when the source is an ONNX model folder of the run).</summary>
    public static async Task<IResult> CreateAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var registry = await call.RegistryAsync(name).ConfigureAwait(false);
        var (source, runId, description, tags) = (r.RequiredString("source"), r.String("run_id"), r.String("description") ?? "", TrackingBinding.Tags(r));
        // Our clients send the package they built (files already uploaded by hash); MLflow's clients send only the source.
        var v = r.String("mlnb_package") is { Length: > 0 } package
            ? await registry.AddVersionAsync(name, source, runId, PackageJson.Parse(package, "mlnb_package"), description, tags, call.CancellationToken).ConfigureAwait(false)
            : await registry.CreateVersionAsync(name, source, runId, description, tags, call.CancellationToken).ConfigureAwait(false);
        return One(v);
    }

    /// <summary>GetModelVersion: name, version → model_version.</summary>
    public static async Task<IResult> GetAsync(RouteCall call) =>
        One(await (await call.RegistryAsync().ConfigureAwait(false)).GetVersionAsync(call.Request.RequiredString("name"), call.Request.Version(), call.CancellationToken).ConfigureAwait(false));

    /// <summary>UpdateModelVersion: name, version, description → model_version.</summary>
    public static async Task<IResult> UpdateAsync(RouteCall call)
    {
        var (name, version) = (call.Request.RequiredString("name"), call.Request.Version());
        var registry = await call.RegistryAsync(name).ConfigureAwait(false);
        await registry.UpdateVersionAsync(name, version, call.Request.String("description") ?? "", null, call.CancellationToken).ConfigureAwait(false);
        return One(await registry.GetVersionAsync(name, version, call.CancellationToken).ConfigureAwait(false));
    }

    /// <summary>DeleteModelVersion: name, version → {}.</summary>
    public static async Task<IResult> DeleteAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).DeleteVersionAsync(name, call.Request.Version(), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>SearchModelVersions: filter, max_results (default 10000), order_by, page_token → model_versions, next_page_token; only readable models.</summary>
    public static async Task<IResult> SearchAsync(RouteCall call)
    {
        var r = call.Request;
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var page = await registry.SearchVersionsAsync(r.String("filter"), r.Strings("order_by"), r.Int("max_results") ?? 10_000, r.String("page_token"),
            await call.VisibleModelsAsync().ConfigureAwait(false), call.CancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["model_versions"] = new JsonArray([.. page.Items.Select(v => (JsonNode)RegistryJson.Version(v))]) };
        if (page.NextPageToken is { } next) body["next_page_token"] = next;
        return MlflowResults.Json(body);
    }

    /// <summary>GetModelVersionDownloadUri: name, version → artifact_uri (the source run's artifact location for <c>runs:/</c> sources).</summary>
    public static async Task<IResult> DownloadUriAsync(RouteCall call)
    {
        var v = await (await call.RegistryAsync().ConfigureAwait(false)).GetVersionAsync(call.Request.RequiredString("name"), call.Request.Version(), call.CancellationToken).ConfigureAwait(false);
        var uri = v.Source;
        if (v.RunId is { } runId && v.Source.StartsWith($"runs:/{runId}", StringComparison.Ordinal)
            && await call.Store.GetRunAsync(runId, call.CancellationToken).ConfigureAwait(false) is { } run)
            uri = run.Info.ArtifactUri.TrimEnd('/') + v.Source[$"runs:/{runId}".Length..];
        return MlflowResults.Json(new JsonObject { ["artifact_uri"] = uri });
    }

    /// <summary>SetModelVersionTag: name, version, key, value → {}.</summary>
    public static async Task<IResult> SetTagAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var tags = new Dictionary<string, string> { [RegisteredModelTagsApi.ValidKey(r.RequiredString("key"))] = r.String("value") ?? "" };
        await (await call.RegistryAsync(name).ConfigureAwait(false)).UpdateVersionAsync(name, r.Version(), null, tags, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>DeleteModelVersionTag: name, version, key → {}.</summary>
    public static async Task<IResult> DeleteTagAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).DeleteVersionTagAsync(name, r.Version(), r.RequiredString("key"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>TransitionModelVersionStage: stages are deprecated in MLflow and absent here; answers with the alias to use.</summary>
    public static Task<IResult> TransitionStageAsync(RouteCall call) =>
        throw MlnbException.Invalid($"model stages are not supported (MLflow deprecated them); set an alias instead: POST registered-models/alias {{\"name\": \"{call.Request.RequiredString("name")}\", \"alias\": \"{call.Request.RequiredString("stage").ToLowerInvariant()}\", \"version\": \"N\"}}");
}
