using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks.Registry.Http;

/// <summary>Reads the registry server's JSON (MLflow's model_registry messages plus our package, audit and approvals) back into entities.</summary>
internal static class RegistryJsonReader
{
    public static RegisteredModel Model(JsonNode m) => new(
        MlflowJsonReader.Str(m, "name"),
        Time(m, "creation_timestamp"),
        Time(m, "last_updated_timestamp"),
        MlflowJsonReader.Str(m, "description", ""),
        MlflowJsonReader.Pairs(m["tags"]).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        (m["aliases"]?.AsArray() ?? []).ToDictionary(a => MlflowJsonReader.Str(a!, "alias"), a => Int(a!["version"]), StringComparer.Ordinal),
        (m["latest_versions"]?.AsArray() ?? []).Select(v => Int(v!["version"])).DefaultIfEmpty(0).Max());

    public static ModelVersion Version(JsonNode v) => new(
        MlflowJsonReader.Str(v, "name"),
        Int(v["version"]),
        Time(v, "creation_timestamp"),
        Time(v, "last_updated_timestamp"),
        MlflowJsonReader.Str(v, "description", ""),
        MlflowJsonReader.Str(v, "user_id", ""),
        MlflowJsonReader.Str(v, "source", ""),
        MlflowJsonReader.Opt(v, "run_id") is { Length: > 0 } r ? r : null,
        MlflowJsonReader.Str(v, "status", "READY") switch { "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration, "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration, _ => ModelVersionStatus.Ready },
        MlflowJsonReader.Pairs(v["tags"]).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        [.. (v["aliases"]?.AsArray() ?? []).Select(a => a!.GetValue<string>())],
        Package(v));

    /// <summary>The package members of a version (absent on a plain MLflow server: then an empty package).</summary>
    public static ModelPackage Package(JsonNode v)
    {
        var files = (v["files"]?.AsArray() ?? []).Select(f => new PackageFile(MlflowJsonReader.Str(f!, "path"), MlflowJsonReader.Str(f!, "md5"), MlflowJsonReader.Long(f!["size"]))).ToList();
        var signature = v["signature"] is JsonObject s ? PackageJson.ParseSignature(s.ToJsonString(), "the server's model version") : new ModelSignature([], []);
        var datasets = (v["datasets"]?.AsArray() ?? []).Select(d => new DatasetInput(MlflowJsonReader.Str(d!, "name"), MlflowJsonReader.Str(d!, "digest"),
            MlflowJsonReader.Str(d!, "source_type", ""), MlflowJsonReader.Str(d!, "source", ""), MlflowJsonReader.Str(d!, "context", ""))).ToList();
        return new ModelPackage(files, signature, datasets);
    }

    public static AuditEntry Audit(string model, JsonNode e) => new(
        MlflowJsonReader.Long(e["id"]), model, MlflowJsonReader.Str(e, "action"), MlflowJsonReader.Opt(e, "alias"),
        e["version"] is null ? null : Int(e["version"]), e["previous_version"] is null ? null : Int(e["previous_version"]),
        MlflowJsonReader.Str(e, "actor", ""), DateTimeOffset.FromUnixTimeMilliseconds(MlflowJsonReader.Long(e["time"])), MlflowJsonReader.Str(e, "reason", ""));

    public static Approval Approval(JsonNode a) => new(
        MlflowJsonReader.Str(a, "name"), Int(a["version"]), MlflowJsonReader.Str(a, "alias"), MlflowJsonReader.Str(a, "actor", ""),
        a["approved"]?.GetValue<bool>() ?? false, DateTimeOffset.FromUnixTimeMilliseconds(MlflowJsonReader.Long(a["time"])), MlflowJsonReader.Str(a, "comment", ""));

    public static int Int(JsonNode? node) => (int)MlflowJsonReader.Long(node);

    private static DateTimeOffset Time(JsonNode n, string field) => DateTimeOffset.FromUnixTimeMilliseconds(n[field] is null ? 0 : MlflowJsonReader.Long(n[field]));

    public static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
