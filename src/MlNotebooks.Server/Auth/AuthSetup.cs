using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// Where auth plugs into the server: services before the app is built, and the middleware that enforces each
/// route's <see cref="Mlflow.Access"/> (it runs after routing, so it sees the <see cref="Mlflow.MlflowRoute"/> as endpoint metadata).
/// </summary>
internal static class AuthSetup
{
    /// <summary>Registers services (called before the app is built).</summary>
    public static void Configure(WebApplicationBuilder builder, ServerContext server)
    {
        // Built by a factory so the container disposes it (and the hub client) with the app.
        if (server.Options.Auth) builder.Services.AddSingleton(_ => new ServerAuth(server));
    }

    /// <summary>Adds the enforcing middleware (called after routing, before the endpoints run). Without --auth every route is open.</summary>
    public static void Use(WebApplication app, ServerContext server)
    {
        if (!server.Options.Auth) return;
        // Build it now, so a bad MLNB_AUTH_DEFAULT_PERMISSION fails before the server listens.
        _ = app.Services.GetRequiredService<ServerAuth>();
        app.UseMiddleware<AuthMiddleware>();
    }
}
