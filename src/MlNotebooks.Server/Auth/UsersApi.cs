using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>MLflow basic-auth's user RPCs that fit tokens: get (yourself, or anyone for admins) and update-admin (admins).</summary>
internal static class UsersApi
{
    /// <summary>GetUser: username → user with its grants.</summary>
    public static async Task<IResult> GetAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("username");
        if (ServerAuth.UserOf(call.Http) is { } me && !me.IsAdmin && me.Name != name)
            throw new MlnbException(ErrorCode.PermissionDenied, $"user '{me.Name}' may read only their own user; ask an admin about '{name}'");
        var auth = PermissionsApi.Auth(call);
        var user = await auth.GetUserAsync(name, call.CancellationToken).ConfigureAwait(false);
        var grants = await auth.ListPermissionsAsync(userName: name, cancellationToken: call.CancellationToken).ConfigureAwait(false);
        JsonArray Of(ResourceKind kind) => new([.. grants.Where(g => g.Kind == kind).Select(g => (JsonNode)PermissionsApi.Json(kind, g.Resource, name, g.Permission))]);
        return MlflowResults.Json(new JsonObject
        {
            ["user"] = new JsonObject
            {
                ["username"] = user.Name, ["is_admin"] = user.IsAdmin, ["source"] = user.Source,
                ["experiment_permissions"] = Of(ResourceKind.Experiment), ["registered_model_permissions"] = Of(ResourceKind.RegisteredModel),
            },
        });
    }

    /// <summary>UpdateUserAdmin: username, is_admin → {}.</summary>
    public static async Task<IResult> UpdateAdminAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("username");
        var admin = call.Request.Bool("is_admin") ?? throw MlnbException.Invalid("missing value for required parameter 'is_admin'; send true or false");
        var auth = PermissionsApi.Auth(call);
        await auth.GetUserAsync(name, call.CancellationToken).ConfigureAwait(false);
        await auth.Store.SetAdminAsync(name, admin, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }
}
