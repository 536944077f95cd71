using Microsoft.Extensions.DependencyInjection;
using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>What handlers may ask of auth without knowing whether it is on.</summary>
internal static class AuthCalls
{
    private static readonly Func<string, bool> Everything = _ => true;

    /// <summary>
    /// Which experiments (by id) or registered models (by name) the caller may read, for filtering search results
    /// inside the query (MLflow filters searches by READ); everything without --auth and for admins.
    /// </summary>
    public static async Task<Func<string, bool>> ReadableAsync(this RouteCall call, ResourceKind kind) =>
        ServerAuth.UserOf(call.Http) is { } user && call.Http.RequestServices.GetService<ServerAuth>() is { } auth
            ? await auth.Client.ReadableFilterAsync(user, kind, call.CancellationToken).ConfigureAwait(false)
            : Everything;
}
