using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Scoring;

namespace MlNotebooks.Serving.Api;

/// <summary>MLflow's scoring server (<c>POST /invocations</c>, <c>/ping</c>, <c>/health</c>), which is also SageMaker's container contract.</summary>
internal static class ScoringApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", () => TypedResults.Text("\n", "application/json"));
        app.MapGet("/health", () => TypedResults.Text("\n", "application/json"));
        app.MapPost("/invocations", (HttpRequest request, ServerState s) => InvokeAsync(s.Default, request));
    }

    private static async Task<IResult> InvokeAsync(ServedModel m, HttpRequest request)
    {
        var type = JsonBody.MediaType(request);
        var primary = m.Primary;
        var signature = primary.Signature;
        Func<Table, Table>? enrich = primary.Lookup is { } lookup ? t => Features.FeatureJoin.Enrich(t, lookup, primary.Features!, m.Name, signature) : null;
        List<Runtime.Tensor> inputs;
        if (type == "text/csv")
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var table = ScoringRequest.FromCsv(await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false));
            inputs = (enrich?.Invoke(table) ?? table).ToTensors(signature);
        }
        else if (type == "application/json")
        {
            using var doc = await JsonBody.ReadAsync(request, allowMissingType: false).ConfigureAwait(false);
            inputs = ScoringRequest.FromJson(doc.RootElement, signature, enrich);
        }
        else throw new BadHttpRequestException($"content type '{request.ContentType}' is not supported; send application/json or text/csv", StatusCodes.Status415UnsupportedMediaType);
        var outcome = await m.InferAsync(inputs, null, null, "invocations").ConfigureAwait(false);
        request.HttpContext.Response.Headers["x-mlnb-variant"] = outcome.Variant;
        return JsonBody.Write(w => ScoringRequest.WritePredictions(w, outcome.Outputs));
    }
}
