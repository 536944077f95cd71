using System.Text.Json;
using MlNotebooks.Registry;

namespace MlNotebooks.Serving.Features;

/// <summary>
/// A model version's serving config: <c>serving.json</c> logged next to <c>model.onnx</c> and registered with it (so
/// it is content-hashed, versioned and hot-swapped with the model). Today it declares where the model's features come
/// from: <c>{"feature_store": {"repo": "features/", "feature_service": "model_v1", "on_missing": "null"}}</c>.
/// </summary>
/// <param name="Features">The features fetched by entity key before inference, or null when the request carries every input.</param>
public sealed record ServingConfig(ServingFeatures? Features)
{
    /// <summary>The file name inside a model package.</summary>
    public const string FileName = ModelPackage.ServingConfigFile;

    /// <summary>Parses the JSON text; <paramref name="where"/> names the file in messages.</summary>
    public static ServingConfig Parse(string json, string where)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw MlnbException.Invalid($"{where} is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}); fix the file and register the model again"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid($"{where} must be a JSON object, e.g. {{\"feature_store\": {{\"repo\": \"features/\", \"feature_service\": \"model_v1\"}}}}");
            foreach (var p in root.EnumerateObject())
                if (p.Name != "feature_store") throw MlnbException.Invalid($"{where}: unknown key '{p.Name}'; the serving config knows 'feature_store'");
            if (!root.TryGetProperty("feature_store", out var fs)) return new ServingConfig((ServingFeatures?)null);
            return new ServingConfig(ServingFeatures.Parse(fs, where));
        }
    }
}

/// <summary>Features a model fetches from a feature store's online store by entity key.</summary>
/// <param name="Repo">The feature repo (folder with <c>features.yaml</c>, or the file); relative to the server's working directory; null when the server names it (<c>--feature-repo</c>).</param>
/// <param name="References">Feature references: a feature service's name, <c>view</c> or <c>view:feature</c>.</param>
/// <param name="FullFeatureNames">Columns named <c>view__feature</c> (as the training set was built with full feature names).</param>
/// <param name="OnMissing"><c>null</c>: an entity with no stored row gets nulls (NaN for float inputs, which the model's imputation takes, as in a point-in-time training set's LEFT join); <c>error</c>: the request is refused (404) naming the entity.</param>
public sealed record ServingFeatures(string? Repo, IReadOnlyList<string> References, bool FullFeatureNames, string OnMissing)
{
    internal static ServingFeatures Parse(JsonElement fs, string where)
    {
        if (fs.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid($"{where}: 'feature_store' must be an object with 'feature_service' or 'features'");
        string? repo = null, service = null, onMissing = "null";
        List<string>? features = null;
        var full = false;
        foreach (var p in fs.EnumerateObject())
        {
            switch (p.Name)
            {
                case "repo": repo = Text(p, where); break;
                case "feature_service": service = Text(p, where); break;
                case "on_missing": onMissing = Text(p, where); break;
                case "full_feature_names":
                    full = p.Value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw MlnbException.Invalid($"{where}: 'feature_store.full_feature_names' must be true or false") };
                    break;
                case "features":
                    if (p.Value.ValueKind != JsonValueKind.Array || p.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                        throw MlnbException.Invalid($"{where}: 'feature_store.features' must be a list of \"view:feature\" strings");
                    features = [.. p.Value.EnumerateArray().Select(e => e.GetString()!)];
                    break;
                default: throw MlnbException.Invalid($"{where}: unknown key 'feature_store.{p.Name}'; use repo, feature_service, features, full_feature_names, on_missing");
            }
        }
        if ((service is null) == (features is null or { Count: 0 }))
            throw MlnbException.Invalid($"{where}: give exactly one of 'feature_store.feature_service' (a service's name) or 'feature_store.features' ([\"view:feature\", ...])");
        if (onMissing is not ("null" or "error")) throw MlnbException.Invalid($"{where}: 'feature_store.on_missing' is '{onMissing}'; use null (NaN, imputed by the model) or error (404)");
        return new ServingFeatures(repo, service is not null ? [service] : features!, full, onMissing);
    }

    private static string Text(JsonProperty p, string where) =>
        p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s ? s
        : throw MlnbException.Invalid($"{where}: 'feature_store.{p.Name}' must be a non-empty string");
}
