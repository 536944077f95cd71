using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Registry;

namespace MlNotebooks.Cli.Registry;

/// <summary>MLflow's registry REST shapes (registered_model, model_version) plus the package and audit entries.</summary>
internal static class RegistryJson
{
    private static JsonArray Tags(IReadOnlyDictionary<string, string> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);

    public static JsonObject Model(RegisteredModel m) => new()
    {
        ["name"] = m.Name,
        ["creation_timestamp"] = m.CreationTime.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = m.LastUpdatedTime.ToUnixTimeMilliseconds(),
        ["description"] = m.Description,
        ["tags"] = Tags(m.Tags),
        ["aliases"] = new JsonArray([.. m.Aliases.Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value.ToString(CultureInfo.InvariantCulture) })]),
    };

    public static JsonObject Version(ModelVersion v) => new()
    {
        ["name"] = v.Name,
        ["version"] = v.Version.ToString(CultureInfo.InvariantCulture),
        ["creation_timestamp"] = v.CreationTime.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = v.LastUpdatedTime.ToUnixTimeMilliseconds(),
        ["current_stage"] = "None",
        ["description"] = v.Description,
        ["user_id"] = v.UserId,
        ["source"] = v.Source,
        ["run_id"] = v.RunId,
        ["status"] = v.Status switch { ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION", ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION", _ => "READY" },
        ["tags"] = Tags(v.Tags),
        ["aliases"] = new JsonArray([.. v.Aliases.Select(a => (JsonNode)a)]),
        ["signature"] = PackageJson.ToJson(v.Package.Signature),
        ["files"] = new JsonArray([.. v.Package.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["md5"] = f.Md5, ["size"] = f.Size })]),
        ["datasets"] = new JsonArray([.. v.Package.Datasets.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["digest"] = d.Digest, ["context"] = d.Context })]),
    };

    public static JsonObject Audit(AuditEntry e) => new()
    {
        ["id"] = e.Id,
        ["time"] = e.Time.ToUnixTimeMilliseconds(),
        ["actor"] = e.Actor,
        ["action"] = e.Action,
        ["alias"] = e.Alias,
        ["version"] = e.Version,
        ["previous_version"] = e.PreviousVersion,
        ["reason"] = e.Reason,
    };
}
