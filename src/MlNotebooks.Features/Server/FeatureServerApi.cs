using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlNotebooks.Features.Server;

/// <summary>
/// The Feast feature server's route: <c>POST /get-online-features</c> with
/// <c>{"features": ["view:feature"] | "feature_service": NAME, "entities": {KEY: [values]}, "full_feature_names": bool}</c>,
/// answered as <c>{"metadata": {"feature_names"}, "results": [{"values", "statuses", "event_timestamps"}]}</c>.
/// Errors are ProblemDetails naming the field.
/// </summary>
public static class FeatureServerApi
{
    /// <summary>Maps the route for a store (which the caller keeps and disposes).</summary>
    public static IEndpointRouteBuilder MapFeatureServer(this IEndpointRouteBuilder routes, FeatureStore store)
    {
        routes.MapPost("/get-online-features", async (HttpContext http) =>
        {
            try
            {
                var (features, entities, full) = await ReadAsync(http).ConfigureAwait(false);
                var response = store.GetOnlineFeatures(features, entities, full);
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(response.ToUtf8(), http.RequestAborted).ConfigureAwait(false);
            }
            catch (MlnbException e)
            {
                await Results.Problem(e.Message, statusCode: e.Code.ToHttpStatus(), title: e.Code.ToMlflowName()).ExecuteAsync(http).ConfigureAwait(false);
            }
        });
        return routes;
    }

    private static async Task<(IReadOnlyList<string>, IReadOnlyDictionary<string, IReadOnlyList<object?>>, bool)> ReadAsync(HttpContext http)
    {
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false); }
        catch (JsonException e) { throw MlnbException.Invalid($"the request body is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}); send {{\"features\": [...], \"entities\": {{...}}}}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid("the request body must be a JSON object with 'features' (or 'feature_service') and 'entities'");
            var features = new List<string>();
            if (root.TryGetProperty("feature_service", out var fs) && fs.ValueKind == JsonValueKind.String) features.Add(fs.GetString()!);
            else if (root.TryGetProperty("features", out var fl) && fl.ValueKind == JsonValueKind.Array)
                features.AddRange(fl.EnumerateArray().Select(f => f.ValueKind == JsonValueKind.String ? f.GetString()! : throw MlnbException.Invalid("'features' must be a list of \"view:feature\" strings")));
            else throw MlnbException.Invalid("'features' is missing; send \"features\": [\"view:feature\"] or \"feature_service\": \"NAME\"");
            if (!root.TryGetProperty("entities", out var ents) || ents.ValueKind != JsonValueKind.Object)
                throw MlnbException.Invalid("'entities' is missing; send \"entities\": {\"KEY\": [values]}");
            var entities = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
            foreach (var p in ents.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Array) throw MlnbException.Invalid($"entities.{p.Name} must be a list of values");
                entities[p.Name] = p.Value.EnumerateArray().Select(Scalar).ToList();
            }
            var full = root.TryGetProperty("full_feature_names", out var ffn) && ffn.ValueKind == JsonValueKind.True;
            return (features, entities, full);
        }
    }

    private static object? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw MlnbException.Invalid("entity values must be numbers or strings"),
    };
}
