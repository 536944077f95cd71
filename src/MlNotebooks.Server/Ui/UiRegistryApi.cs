using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MlNotebooks.Auth;
using MlNotebooks.Registry;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Ui;

/// <summary>The UI's registry reads: the model list, and one model with versions, aliases, gates, approvals and audit.</summary>
internal static class UiRegistryApi
{
    /// <summary><c>GET .../ui/models</c>: the models the caller may read.</summary>
    public static async Task<JsonNode> ModelsAsync(RouteCall call)
    {
        var context = call.Http;
        var registry = call.Server.Workspace.Registry;
        var readable = await call.ReadableAsync(ResourceKind.RegisteredModel).ConfigureAwait(false);
        var page = await registry.ListModelsAsync(UiHttp.Int(context, "max_results", 1000, 1, 10000), UiHttp.Query(context, "page_token"), context.RequestAborted).ConfigureAwait(false);
        return new JsonObject
        {
            ["registered_models"] = new JsonArray([.. page.Items.Where(m => readable(m.Name)).Select(m => (JsonNode)Model(m))]),
            ["next_page_token"] = page.NextPageToken,
        };
    }

    /// <summary>
    /// <c>GET .../ui/model?name=</c>: the model, its versions, gates, approvals, alias histories and audit, and
    /// <c>can_manage</c> (MANAGE on it, or a server without auth), which shows the rollback button.
    /// </summary>
    public static async Task<JsonNode> ModelAsync(RouteCall call)
    {
        var context = call.Http;
        var registry = call.Server.Workspace.Registry;
        var name = UiHttp.Required(context, "name");
        var ct = context.RequestAborted;
        var model = await registry.GetModelAsync(name, ct).ConfigureAwait(false);
        var versions = await registry.ListVersionsAsync(name, ct).ConfigureAwait(false);
        var gates = await registry.GetGatesAsync(name, ct).ConfigureAwait(false);
        var audit = await registry.GetAuditLogAsync(name, ct).ConfigureAwait(false);
        var approvals = new JsonArray();
        foreach (var alias in gates.Keys.Order(StringComparer.Ordinal))
            foreach (var v in versions)
                foreach (var a in await registry.Store.ListApprovalsAsync(name, v.Version, alias, ct).ConfigureAwait(false))
                    approvals.Add(new JsonObject
                    {
                        ["version"] = a.Version, ["alias"] = a.Alias, ["actor"] = a.Actor, ["approved"] = a.Approved,
                        ["time"] = a.Time.ToUnixTimeMilliseconds(), ["comment"] = a.Comment,
                    });
        var history = new JsonObject();
        foreach (var alias in model.Aliases.Keys.Order(StringComparer.Ordinal))
            history[alias] = new JsonArray([.. (await registry.GetAliasHistoryAsync(name, alias, ct).ConfigureAwait(false)).Select(v => (JsonNode)v)]);
        var canManage = ServerAuth.UserOf(context) is not { } user || context.RequestServices.GetService<ServerAuth>() is not { } auth
            || (await auth.Client.GetEffectivePermissionAsync(user, ResourceKind.RegisteredModel, name, ct).ConfigureAwait(false)).CanManage;
        return new JsonObject
        {
            ["can_manage"] = canManage,
            ["registered_model"] = Model(model),
            ["model_versions"] = new JsonArray([.. versions.OrderByDescending(v => v.Version).Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v.Version,
                ["status"] = v.Status.ToString().ToUpperInvariant(),
                ["run_id"] = v.RunId,
                ["source"] = v.Source,
                ["user_id"] = v.UserId,
                ["description"] = v.Description,
                ["creation_timestamp"] = v.CreationTime.ToUnixTimeMilliseconds(),
                ["aliases"] = new JsonArray([.. v.Aliases.Select(a => (JsonNode)a)]),
                ["tags"] = new JsonObject([.. v.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]),
            })]),
            ["gates"] = new JsonObject([.. gates.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray([.. g.Value.Select(x => (JsonNode)x)])))]),
            ["approvals"] = approvals,
            ["alias_history"] = history,
            ["audit"] = new JsonArray([.. audit.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id, ["action"] = a.Action, ["alias"] = a.Alias, ["version"] = a.Version, ["previous_version"] = a.PreviousVersion,
                ["actor"] = a.Actor, ["time"] = a.Time.ToUnixTimeMilliseconds(), ["reason"] = a.Reason,
            })]),
        };
    }

    private static JsonObject Model(RegisteredModel m) => new()
    {
        ["name"] = m.Name,
        ["description"] = m.Description,
        ["creation_timestamp"] = m.CreationTime.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = m.LastUpdatedTime.ToUnixTimeMilliseconds(),
        ["latest_version"] = m.LatestVersion,
        ["aliases"] = new JsonArray([.. m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) })]),
        ["tags"] = new JsonObject([.. m.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]),
    };
}
