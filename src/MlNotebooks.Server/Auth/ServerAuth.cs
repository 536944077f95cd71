using System.Text;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// The server's side of auth: who a request is (our API tokens, or JupyterHub tokens with <c>--hub-api</c>) and
/// what they may do (<see cref="AuthClient"/>, with the default permission from <c>MLNB_AUTH_DEFAULT_PERMISSION</c>).
/// </summary>
internal sealed class ServerAuth : IDisposable
{
    private static readonly object UserKey = new();

    public ServerAuth(ServerContext server)
    {
        var fallback = server.Options.DefaultPermission ?? server.Options.Environment(AuthOptions.DefaultPermissionVariable);
        Client = new AuthClient(server.Workspace, new AuthOptions { DefaultPermission = string.IsNullOrWhiteSpace(fallback) ? Permission.Read : Permission.Parse(fallback) });
        if (server.Options.HubApiUrl is { } hub) Hub = new HubTokenValidator(hub, TimeProvider.System, TimeSpan.FromSeconds(60));
    }

    /// <summary>Users, tokens and grants.</summary>
    public AuthClient Client { get; }

    /// <summary>The hub token check, or null without --hub-api.</summary>
    public HubTokenValidator? Hub { get; }

    /// <summary>The user a request authenticated as (set by the middleware), or null.</summary>
    public static AuthUser? UserOf(HttpContext http) => http.Items.TryGetValue(UserKey, out var u) ? u as AuthUser : null;

    internal static void SetUser(HttpContext http, AuthUser user) => http.Items[UserKey] = user;

    /// <summary>
    /// The user behind the request's credentials: <c>Authorization: Bearer T</c>, <c>token T</c>, or <c>Basic</c>
    /// with the token as password (MLflow's MLFLOW_TRACKING_USERNAME/PASSWORD); null when absent, unknown or revoked.
    /// </summary>
    public async Task<AuthUser?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ReadCredentials(request) is not ({ } secret, var basicUser)) return null;
        var user = await Client.AuthenticateAsync(secret, cancellationToken).ConfigureAwait(false);
        if (user is null && Hub is not null && !secret.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal)
            && await Hub.ValidateAsync(secret, cancellationToken).ConfigureAwait(false) is { } identity)
            user = await Client.EnsureUserAsync(identity.Name, identity.IsAdmin, "hub", cancellationToken).ConfigureAwait(false);
        return user is not null && (basicUser is null || basicUser == user.Name) ? user : null;
    }

    private static (string? Secret, string? BasicUser) ReadCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return (null, null);
        var scheme = header[..space];
        var value = header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("token", StringComparison.OrdinalIgnoreCase)) return (value, null);
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return (null, null);
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (pair[(colon + 1)..], pair[..colon]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    public void Dispose() => Hub?.Dispose();
}
