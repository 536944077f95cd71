using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Registry;

namespace MlNotebooks.Server.Registry;

/// <summary>Our registry extras in MLflow's style under <c>mlnb/registry/</c>: promotion through gates, approvals, gates, audit, rollback.</summary>
internal static class RegistryExtrasApi
{
    /// <summary>Promote: name, version, alias, reason → promotion (gate verdicts, previous version); refused with the failing gates.</summary>
    public static async Task<IResult> PromoteAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var p = await (await call.RegistryAsync(name).ConfigureAwait(false)).PromoteAsync(name, r.Version(), r.RequiredString("alias"), r.String("reason") ?? "", call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject
        {
            ["promotion"] = new JsonObject
            {
                ["name"] = p.Name, ["alias"] = p.Alias, ["version"] = p.Version.ToString(CultureInfo.InvariantCulture),
                ["previous_version"] = p.PreviousVersion?.ToString(CultureInfo.InvariantCulture),
                ["gates"] = new JsonArray([.. p.Gates.Select(g => (JsonNode)RegistryJson.Gate(g))]),
            },
        });
    }

    /// <summary>Rollback: name, alias, reason → alias's version now.</summary>
    public static async Task<IResult> RollbackAsync(RouteCall call)
    {
        var (name, alias) = (call.Request.RequiredString("name"), call.Request.RequiredString("alias"));
        var version = await (await call.RegistryAsync(name).ConfigureAwait(false)).RollbackAsync(name, alias, call.Request.String("reason") ?? "", call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = version.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Approve: name, version, alias, comment, reject (false) → {}; needs the approver role.</summary>
    public static async Task<IResult> ApproveAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).ApproveAsync(name, r.Version(), r.RequiredString("alias"), r.String("comment") ?? "", !(r.Bool("reject") ?? false), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>Approvals: name, version, alias → approvals, oldest first.</summary>
    public static async Task<IResult> ApprovalsAsync(RouteCall call)
    {
        var r = call.Request;
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var (name, version) = (r.RequiredString("name"), r.Version());
        await registry.GetVersionAsync(name, version, call.CancellationToken).ConfigureAwait(false);
        var list = await registry.Store.ListApprovalsAsync(name, version, r.RequiredString("alias"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["approvals"] = new JsonArray([.. list.Select(a => (JsonNode)RegistryJson.Approval(a))]) });
    }

    /// <summary>SetGates: name, alias, gates (list of expressions; empty removes) → {}.</summary>
    public static async Task<IResult> SetGatesAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("name");
        await (await call.RegistryAsync(name).ConfigureAwait(false)).SetGatesAsync(name, call.Request.RequiredString("alias"), call.Request.Strings("gates"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>GetGates: name → gates by alias.</summary>
    public static async Task<IResult> GetGatesAsync(RouteCall call)
    {
        var gates = await (await call.RegistryAsync().ConfigureAwait(false)).GetGatesAsync(call.Request.RequiredString("name"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["gates"] = new JsonObject(gates.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray([.. g.Value.Select(x => (JsonNode)x)])))) });
    }

    /// <summary>EvaluateGates: name, version, alias → each gate's verdict, moving nothing.</summary>
    public static async Task<IResult> EvaluateGatesAsync(RouteCall call)
    {
        var r = call.Request;
        var results = await (await call.RegistryAsync().ConfigureAwait(false)).EvaluateGatesAsync(r.RequiredString("name"), r.Version(), r.RequiredString("alias"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["gates"] = new JsonArray([.. results.Select(g => (JsonNode)RegistryJson.Gate(g))]) });
    }

    /// <summary>Audit: name → entries, oldest first.</summary>
    public static async Task<IResult> AuditAsync(RouteCall call)
    {
        var entries = await (await call.RegistryAsync().ConfigureAwait(false)).GetAuditLogAsync(call.Request.RequiredString("name"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["entries"] = new JsonArray([.. entries.Select(e => (JsonNode)RegistryJson.Audit(e))]) });
    }

    /// <summary>AliasHistory: name, alias → versions the alias pointed at, oldest first.</summary>
    public static async Task<IResult> AliasHistoryAsync(RouteCall call)
    {
        var registry = await call.RegistryAsync().ConfigureAwait(false);
        var name = call.Request.RequiredString("name");
        await registry.GetModelAsync(name, call.CancellationToken).ConfigureAwait(false);
        var history = await registry.GetAliasHistoryAsync(name, call.Request.RequiredString("alias"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["versions"] = new JsonArray([.. history.Select(v => (JsonNode)v.ToString(CultureInfo.InvariantCulture))]) });
    }

    /// <summary>AppendAudit: name, action, alias, version, reason → {}; a decision taken outside the registry (a model server dropping a canary), as the caller.</summary>
    public static async Task<IResult> AppendAuditAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var registry = await call.RegistryAsync(name).ConfigureAwait(false);
        await registry.GetModelAsync(name, call.CancellationToken).ConfigureAwait(false);
        var version = r.Has("version") ? r.Version() : (int?)null;
        await registry.RecordDecisionAsync(name, r.RequiredString("action"), r.String("alias"), version, r.String("reason") ?? "", call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }
}
