using Microsoft.Extensions.DependencyInjection;
using MlNotebooks.Auth;
using MlNotebooks.Registry;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Registry;

/// <summary>
/// The registry as the caller: without --auth the workspace's registry (acting as the request's <c>actor</c> when
/// it names one); with --auth one acting as the
/// authenticated user, whose registry roles are those of <c>MLNB_REGISTRY_ROLES</c> plus both roles on models the
/// user may MANAGE (admins manage every model).
/// </summary>
internal static class RegistryCalls
{
    public static async Task<RegistryClient> RegistryAsync(this RouteCall call, string? modelName = null)
    {
        var ws = call.Server.Workspace;
        if (ServerAuth.UserOf(call.Http) is not { } user || call.Http.RequestServices.GetService<ServerAuth>() is not { } auth)
        {
            // Without --auth the server trusts the client's word for who acts (as MLflow trusts a run's user_id).
            return call.Request.String("actor") is { Length: > 0 } actor
                ? new RegistryClient(ws.Registry.Store, ws.Tracking, ws.Content, ws.Registry.Options with { User = actor })
                : ws.Registry;
        }
        var manages = user.IsAdmin || (modelName is not null
            && (await auth.Client.GetEffectivePermissionAsync(user, ResourceKind.RegisteredModel, modelName, call.CancellationToken).ConfigureAwait(false)).CanManage);
        var roles = manages
            ? RegistryRoles.FromMap(new Dictionary<string, IReadOnlyList<string>> { [RegistryRoles.Promoter] = [user.Name], [RegistryRoles.Approver] = [user.Name] })
            : RegistryRoles.Parse(call.Server.Options.Environment(RegistryRoles.Variable));
        var options = ws.Registry.Options with { User = user.Name, Roles = roles };
        return new RegistryClient(ws.Registry.Store, ws.Tracking, ws.Content, options);
    }

    /// <summary>Which registered models the caller may read (search results are filtered by it).</summary>
    public static Task<Func<string, bool>> VisibleModelsAsync(this RouteCall call) => call.ReadableAsync(ResourceKind.RegisteredModel);

    /// <summary>Moves the grants on a renamed model to its new name (MLflow does the same after a rename); nothing without --auth.</summary>
    public static Task RenameGrantsAsync(this RouteCall call, string name, string newName) =>
        call.Http.RequestServices.GetService<ServerAuth>() is { } auth
            ? auth.Client.Store.RenameResourceAsync(ResourceKind.RegisteredModel, name, newName, call.CancellationToken)
            : Task.CompletedTask;

    /// <summary>Drops the grants on a deleted model, so whoever creates the name again starts afresh; nothing without --auth.</summary>
    public static Task DeleteGrantsAsync(this RouteCall call, string name) =>
        call.Http.RequestServices.GetService<ServerAuth>() is { } auth
            ? auth.Client.Store.DeleteResourceAsync(ResourceKind.RegisteredModel, name, call.CancellationToken)
            : Task.CompletedTask;

    /// <summary>A required version number field (MLflow sends a string; a JSON number is accepted too).</summary>
    public static int Version(this MlflowRequest r, string field = "version")
    {
        var v = r.Long(field) ?? throw MlnbException.Invalid($"missing value for required parameter '{field}'; see the MLflow REST API docs for the request's fields");
        return v is > 0 and <= int.MaxValue ? (int)v : throw MlnbException.Invalid($"invalid value {v} for parameter '{field}': it must be a version number (1, 2, ...)");
    }
}
