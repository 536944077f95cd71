using System.Text.Json.Nodes;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>
/// Tracking entities as the server answers them: MLflow's JSON (<see cref="MlflowJson"/>) with artifact locations in
/// the <c>mlflow-artifacts:/</c> scheme, so MLflow clients upload and download through this server's artifact proxy.
/// </summary>
internal static class TrackingJson
{
    public const string StoreScheme = "mlnb-artifacts:/";
    public const string ProxyScheme = "mlflow-artifacts:/";

    public static JsonObject Experiment(Experiment e)
    {
        var o = MlflowJson.ToJson(e);
        o["artifact_location"] = Proxy(e.ArtifactLocation);
        return o;
    }

    public static JsonObject RunInfo(RunInfo i)
    {
        var o = MlflowJson.ToJson(i);
        o["artifact_uri"] = Proxy(i.ArtifactUri);
        return o;
    }

    public static JsonObject Run(Run r)
    {
        var o = MlflowJson.ToJson(r);
        o["info"] = RunInfo(r.Info);
        return o;
    }

    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonObject> map) => new([.. items.Select(i => (JsonNode)map(i))]);

    /// <summary>Adds <c>next_page_token</c> when there is a next page.</summary>
    public static JsonObject WithToken(this JsonObject o, string? nextPageToken)
    {
        if (nextPageToken is not null) o["next_page_token"] = nextPageToken;
        return o;
    }

    public static string Proxy(string uri) => uri.StartsWith(StoreScheme, StringComparison.Ordinal) ? ProxyScheme + uri[StoreScheme.Length..] : uri;
}
