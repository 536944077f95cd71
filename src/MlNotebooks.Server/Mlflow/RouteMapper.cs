using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlNotebooks.Server.Mlflow;

/// <summary>Maps the route table onto ASP.NET Core endpoints, each row under both prefixes, with the row as endpoint metadata.</summary>
internal static class RouteMapper
{
    public static void Map(IEndpointRouteBuilder app, IReadOnlyList<MlflowRoute> rows, ServerContext server)
    {
        foreach (var row in rows)
            foreach (var prefix in MlflowRoute.Prefixes)
                app.MapMethods(prefix + row.Path, [row.Method], http => ServeAsync(http, row, server)).WithMetadata(row);
        // An unknown /api path answers MLflow's error body, not an empty 404.
        foreach (var prefix in MlflowRoute.Prefixes)
            app.Map(prefix.TrimEnd('/') + "/{**rest}", http => MlflowResults.Error(404, "ENDPOINT_NOT_FOUND",
                $"no endpoint {http.Request.Method} {http.Request.Path}; see the MLflow REST API 2.0 docs for the paths this server answers").ExecuteAsync(http));
    }

    private static async Task ServeAsync(HttpContext http, MlflowRoute row, ServerContext server)
    {
        var request = await MlflowRequest.GetAsync(http, row.RawBody).ConfigureAwait(false);
        var call = new RouteCall(http, request, server, row);
        var result = await row.Handler(call).ConfigureAwait(false);
        foreach (var after in server.AfterHandled) await after(call).ConfigureAwait(false);
        await result.ExecuteAsync(http).ConfigureAwait(false);
    }
}
