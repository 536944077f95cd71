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
        if (server.Options.Auth) builder.Services.AddSingleton(new ServerAuth(server));
    }

    /// <summary>Adds the enforcing middleware (called after routing, before the endpoints run). Without --auth every route is open.</summary>
    public static void Use(WebApplication app, ServerContext server)
    {
        if (server.Options.Auth) app.UseMiddleware<AuthMiddleware>();
    }
}
