using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Registry;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Server.Tracking;

namespace MlNotebooks.Server.Registry;

/// <summary>MLflow's RegisteredModel RPCs.</summary>
internal static class RegisteredModelsApi
{
    private static async Task<IResult> ModelAsync(RegistryClient registry, string name, CancellationToken ct)
    {
        var model = await registry.GetModelAsync(name, ct).ConfigureAwait(false);
        var latest = model.LatestVersion > 0 ? await registry.Store.GetModelVersionAsync(name, model.LatestVersion, ct).ConfigureAwait(false) : null;
        return MlflowResults.Json(new JsonObject { ["registered_model"] = RegistryJson.Model(model, latest) });
    }

    /// <summary>CreateRegisteredModel: name, tags, description → registered_model.</summary>
    public static async Task<IResult> CreateAsync(RouteCall call)
    {
        var r = call.Request;
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var model = await registry.CreateModelAsync(r.RequiredString("name"), r.String("description") ?? "", TrackingBinding.Tags(r), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["registered_model"] = RegistryJson.Model(model) });
    }

    /// <summary>GetRegisteredModel: name → registered_model.</summary>
    public static async Task<IResult> GetAsync(RouteCall call) =>
        await ModelAsync(await call.RegistryAsync().ConfigureAwait(false), call.Request.RequiredString("name"), call.CancellationToken).ConfigureAwait(false);

    /// <summary>RenameRegisteredModel: name, new_name → registered_model (grants follow the model).</summary>
    public static async Task<IResult> RenameAsync(RouteCall call)
    {
        var (name, newName) = (call.Request.RequiredString("name"), call.Request.RequiredString("new_name"));
        var registry = await call.RegistryAsync(name).ConfigureAwait(false);
        await registry.RenameModelAsync(name, newName, call.CancellationToken).ConfigureAwait(false);
        await call.RenameGrantsAsync(name, newName).ConfigureAwait(false);
        return await ModelAsync(registry, newName, call.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>UpdateRegisteredModel: name, description → registered_model.</summary>
    public static async Task<IResult> UpdateAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        var registry = await call.RegistryAsync(name).ConfigureAwait(false);
        await registry.UpdateModelAsync(name, call.Request.String("description") ?? "", null, call.CancellationToken).ConfigureAwait(false);
        return await ModelAsync(registry, name, call.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>DeleteRegisteredModel: name → {} (grants on the name go too, so it can be reused).</summary>
    public static async Task<IResult> DeleteAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).DeleteModelAsync(name, call.CancellationToken).ConfigureAwait(false);
        await call.DeleteGrantsAsync(name).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>SearchRegisteredModels: filter, max_results (default 100), order_by, page_token → registered_models, next_page_token; only readable models.</summary>
    public static async Task<IResult> SearchAsync(RouteCall call)
    {
        var r = call.Request;
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var page = await registry.SearchModelsAsync(r.String("filter"), r.Strings("order_by"), r.Int("max_results") ?? 100, r.String("page_token"),
            await call.VisibleModelsAsync().ConfigureAwait(false), call.CancellationToken).ConfigureAwait(false);
        var items = new JsonArray();
        foreach (var m in page.Items)
            items.Add(RegistryJson.Model(m, m.LatestVersion > 0 ? await registry.Store.GetModelVersionAsync(m.Name, m.LatestVersion, call.CancellationToken).ConfigureAwait(false) : null));
        var body = new JsonObject { ["registered_models"] = items };
        if (page.NextPageToken is { } next) body["next_page_token"] = next;
        return MlflowResults.Json(body);
    }

    /// <summary>GetLatestVersions: name, stages → model_versions (every version is stage "None"; there are aliases instead).</summary>
    public static async Task<IResult> LatestVersionsAsync(RouteCall call)
    {
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var versions = await registry.GetLatestVersionsAsync(call.Request.RequiredString("name"), call.Request.Strings("stages"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["model_versions"] = new JsonArray([.. versions.Select(v => (JsonNode)RegistryJson.Version(v))]) });
    }
}
