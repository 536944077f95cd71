using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlNotebooks.Serving.Hosting;

namespace MlNotebooks.Serving.Api;

/// <summary>Prometheus exposition at <c>/metrics</c>.</summary>
internal static class MetricsApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", async (HttpContext context, ServerState s) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await s.Metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
}
