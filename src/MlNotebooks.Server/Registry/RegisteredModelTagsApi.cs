using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Registry;

namespace MlNotebooks.Server.Registry;

/// <summary>MLflow's registered-model tag and alias RPCs.</summary>
internal static class RegisteredModelTagsApi
{
    /// <summary>SetRegisteredModelTag: name, key, value → {}.</summary>
    public static async Task<IResult> SetTagAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var tags = new Dictionary<string, string> { [ValidKey(r.RequiredString("key"))] = r.String("value") ?? "" };
        await (await call.RegistryAsync(name).ConfigureAwait(false)).UpdateModelAsync(name, null, tags, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>DeleteRegisteredModelTag: name, key → {}.</summary>
    public static async Task<IResult> DeleteTagAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).DeleteModelTagAsync(name, call.Request.RequiredString("key"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>SetRegisteredModelAlias: name, alias, version → {}. Moves the alias through its gates and roles, as a promotion.</summary>
    public static async Task<IResult> SetAliasAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).PromoteAsync(name, r.Version(), r.RequiredString("alias"), "set through the MLflow API", call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>DeleteRegisteredModelAlias: name, alias → {}.</summary>
    public static async Task<IResult> DeleteAliasAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).DeleteAliasAsync(name, call.Request.RequiredString("alias"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>GetModelVersionByAlias: name, alias → model_version.</summary>
    public static async Task<IResult> GetByAliasAsync(RouteCall call)
    {
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var v = await registry.ResolveAsync(new MlNotebooks.Registry.ModelUri(call.Request.RequiredString("name"), call.Request.RequiredString("alias"), null), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["model_version"] = RegistryJson.Version(v) });
    }

    /// <summary>Tag keys as MLflow allows them: non-empty, at most 250 characters.</summary>
    public static string ValidKey(string key) => key.Length <= 250 ? key
        : throw MlnbException.Invalid($"tag key '{MlflowRequest.Shorten(key)}' is longer than 250 characters; shorten it");
}
