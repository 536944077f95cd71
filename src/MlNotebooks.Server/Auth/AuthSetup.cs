using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// Where auth plugs into the server: services before the app is built, and the middleware that enforces each
/// route's <see cref="Mlflow.Access"/>. It runs after routing and before the endpoint, so it finds the row with
/// <c>context.GetEndpoint()?.Metadata.GetMetadata&lt;MlflowRoute&gt;()</c> (null for non-API paths such as the UI's),
/// reads the resource with <c>(await MlflowRequest.GetAsync(context, row.RawBody)).ResourceId(row.Access)</c> (the
/// handler then reuses the same bound request), and sets <c>context.User</c> to an authenticated principal whose
/// <c>Identity.Name</c> is the user: handlers read it as <see cref="Mlflow.RouteCall.User"/> (runs/create records it as
/// the run's user). Refusals are thrown as <see cref="MlnbException"/> (PermissionDenied is 403) or written as
/// <c>MlflowResults.Error(401, "UNAUTHENTICATED", …)</c>; <see cref="Mlflow.MlflowErrorMiddleware"/> runs first and
/// turns exceptions into MLflow's error body.
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
