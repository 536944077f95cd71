using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;
using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// Enforces each route row's <see cref="Access"/> under <c>--auth</c>: 401 without a valid token, 403 when the
/// user's permission on the experiment or registered model is too weak (admins bypass), then lets the handler run
/// and gives the creator MANAGE on what a create call made (MLflow's after-request rule). Paths outside the API
/// (health, version, UI assets) are public; an /api path with no row still needs a token.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next, ServerContext server, ServerAuth auth)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var row = http.GetEndpoint()?.Metadata.GetMetadata<MlflowRoute>();
        var isApi = MlflowRoute.Prefixes.Any(p => http.Request.Path.StartsWithSegments(p.TrimEnd('/'), StringComparison.Ordinal));
        if (row?.Access.Scope == AccessScope.Public || (row is null && !isApi))
        {
            await next(http).ConfigureAwait(false);
            return;
        }
        var ct = http.RequestAborted;
        var user = await auth.AuthenticateAsync(http.Request, ct).ConfigureAwait(false);
        if (user is null)
        {
            var refusal = new MlnbException(ErrorCode.Unauthenticated, http.Request.Headers.Authorization.Count == 0
                ? "this server requires a token; send 'Authorization: Bearer TOKEN' (set MLNB_TRACKING_TOKEN or MLFLOW_TRACKING_TOKEN), get one from an admin (`mlnb server users add NAME`)"
                : "the token is not valid (unknown, revoked, or not this user's); ask an admin for a new one (`mlnb server tokens create NAME`)");
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"mlnb\"";
            await MlflowResults.Error(refusal).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        ServerAuth.SetUser(http, user);
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.IsAdmin ? "admin" : "user")], "mlnb-token"));
        if (row is not null && !user.IsAdmin) await CheckAsync(row, http, user, ct).ConfigureAwait(false);
        if (row is not null && CreatorRules.Find(row) is { } rule)
        {
            // Before the answer leaves: a client that creates then uses the resource must find the grant in place.
            http.Response.OnStarting(async () =>
            {
                if (http.Response.StatusCode == StatusCodes.Status200OK)
                    await rule.GrantAsync(await MlflowRequest.GetAsync(http, row.RawBody).ConfigureAwait(false), server, auth.Client, user, ct).ConfigureAwait(false);
            });
        }
        await next(http).ConfigureAwait(false);
    }

    private async Task CheckAsync(MlflowRoute row, HttpContext http, AuthUser user, CancellationToken ct)
    {
        if (row.Access.Scope == AccessScope.Admin)
            throw new MlnbException(ErrorCode.PermissionDenied, $"user '{user.Name}' is not an admin; only admins may {row.Method} {row.Path}");
        var need = AccessCheck.Need(row.Access.Permission);
        if (need == Capability.None) return;
        var request = await MlflowRequest.GetAsync(http, row.RawBody).ConfigureAwait(false);
        if (await AccessCheck.ResolveAsync(row.Access, request, server, ct).ConfigureAwait(false) is not var (kind, id)) return;
        var has = await auth.Client.GetEffectivePermissionAsync(user, kind, id, ct).ConfigureAwait(false);
        if (!has.Allows(need)) throw AccessCheck.Denied(user, need, kind, id, has);
    }
}
