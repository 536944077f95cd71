using System.Globalization;
using System.Text.Json.Nodes;

namespace MlNotebooks.Registry;

/// <summary>
/// MLflow's registry messages (model_registry.proto) as JSON, plus our package, gate and audit shapes: written by the
/// server's REST API and by `mlnb models ... --json`, read back by the http registry store.
/// </summary>
public static class RegistryJson
{
    private static JsonArray Tags(IReadOnlyDictionary<string, string> tags) =>
        new([.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);

    /// <summary>A RegisteredModel; <paramref name="latest"/> fills <c>latest_versions</c> (MLflow lists the latest per stage; every version here is stage "None").</summary>
    public static JsonObject Model(RegisteredModel m, ModelVersion? latest = null)
    {
        var o = new JsonObject
        {
            ["name"] = m.Name,
            ["creation_timestamp"] = m.CreationTime.ToUnixTimeMilliseconds(),
            ["last_updated_timestamp"] = m.LastUpdatedTime.ToUnixTimeMilliseconds(),
            ["description"] = m.Description,
            ["tags"] = Tags(m.Tags),
            ["aliases"] = new JsonArray([.. m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value.ToString(CultureInfo.InvariantCulture) })]),
        };
        if (latest is not null) o["latest_versions"] = new JsonArray(Version(latest));
        return o;
    }

    /// <summary>A ModelVersion, with our package (files with hashes, signature, datasets) riding along as extra members.</summary>
    public static JsonObject Version(ModelVersion v)
    {
        var o = new JsonObject
        {
            ["name"] = v.Name,
            ["version"] = v.Version.ToString(CultureInfo.InvariantCulture),
            ["creation_timestamp"] = v.CreationTime.ToUnixTimeMilliseconds(),
            ["last_updated_timestamp"] = v.LastUpdatedTime.ToUnixTimeMilliseconds(),
            ["user_id"] = v.UserId,
            ["current_stage"] = "None",
            ["description"] = v.Description,
            ["source"] = v.Source,
            ["status"] = v.Status switch { ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION", ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION", _ => "READY" },
            ["tags"] = Tags(v.Tags),
            ["aliases"] = new JsonArray([.. v.Aliases.Select(a => (JsonNode)a)]),
            ["signature"] = PackageJson.ToJson(v.Package.Signature),
            ["files"] = new JsonArray([.. v.Package.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["md5"] = f.Md5, ["size"] = f.Size })]),
            ["datasets"] = new JsonArray([.. v.Package.Datasets.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name, ["digest"] = d.Digest, ["source_type"] = d.SourceType, ["source"] = d.Source, ["context"] = d.Context,
            })]),
        };
        if (v.RunId is not null) o["run_id"] = v.RunId;
        return o;
    }

    /// <summary>An audit entry.</summary>
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

    /// <summary>A gate's verdict.</summary>
    public static JsonObject Gate(GateResult g) => new() { ["gate"] = g.Gate, ["passed"] = g.Passed, ["detail"] = g.Detail };

    /// <summary>An approval or rejection.</summary>
    public static JsonObject Approval(Approval a) => new()
    {
        ["name"] = a.ModelName, ["version"] = a.Version.ToString(CultureInfo.InvariantCulture), ["alias"] = a.Alias, ["actor"] = a.Actor,
        ["approved"] = a.Approved, ["time"] = a.Time.ToUnixTimeMilliseconds(), ["comment"] = a.Comment,
    };
}
