using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Tracking;

/// <summary>
/// Tracking entities in MLflow REST 2.0's JSON shapes (snake_case, times in ms), so <c>--json</c> output and the
/// HTTP API read the same as MLflow's and existing MLflow tooling can parse them.
/// </summary>
public static class MlflowJson
{
    /// <summary>Serializer options: indented, NaN/Infinity written as MLflow writes them.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>An experiment.</summary>
    public static JsonObject ToJson(Experiment e) => new()
    {
        ["experiment_id"] = e.ExperimentId,
        ["name"] = e.Name,
        ["artifact_location"] = e.ArtifactLocation,
        ["lifecycle_stage"] = e.LifecycleStage == LifecycleStage.Active ? "active" : "deleted",
        ["creation_time"] = e.CreationTime.ToUnixTimeMilliseconds(),
        ["last_update_time"] = e.LastUpdateTime.ToUnixTimeMilliseconds(),
        ["tags"] = new JsonArray([.. e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (JsonNode)KeyValue(t.Key, t.Value))]),
    };

    /// <summary>A run's attributes.</summary>
    public static JsonObject ToJson(RunInfo i)
    {
        var o = new JsonObject
        {
            ["run_id"] = i.RunId,
            ["run_uuid"] = i.RunId,
            ["run_name"] = i.RunName,
            ["experiment_id"] = i.ExperimentId,
            ["user_id"] = i.UserId,
            ["status"] = i.Status.ToName(),
            ["start_time"] = i.StartTime.ToUnixTimeMilliseconds(),
            ["artifact_uri"] = i.ArtifactUri,
            ["lifecycle_stage"] = i.LifecycleStage == LifecycleStage.Active ? "active" : "deleted",
        };
        if (i.EndTime is { } end) o["end_time"] = end.ToUnixTimeMilliseconds();
        return o;
    }

    /// <summary>A run with its data and inputs.</summary>
    public static JsonObject ToJson(Run r) => new()
    {
        ["info"] = ToJson(r.Info),
        ["data"] = new JsonObject
        {
            ["metrics"] = new JsonArray([.. r.Metrics.Select(m => (JsonNode)ToJson(m))]),
            ["params"] = new JsonArray([.. r.Params.Select(p => (JsonNode)KeyValue(p.Key, p.Value))]),
            ["tags"] = new JsonArray([.. r.Tags.Select(t => (JsonNode)KeyValue(t.Key, t.Value))]),
        },
        ["inputs"] = new JsonObject
        {
            ["dataset_inputs"] = new JsonArray([.. r.Inputs.Select(d => (JsonNode)new JsonObject
            {
                ["tags"] = new JsonArray(KeyValue("mlflow.data.context", d.Context)),
                ["dataset"] = new JsonObject { ["name"] = d.Name, ["digest"] = d.Digest, ["source_type"] = d.SourceType, ["source"] = d.Source },
            })]),
        },
    };

    /// <summary>A metric point.</summary>
    public static JsonObject ToJson(Metric m) => new()
    {
        ["key"] = m.Key,
        ["value"] = JsonValue.Create(m.Value),
        ["timestamp"] = m.Timestamp,
        ["step"] = m.Step,
    };

    /// <summary>An artifact entry (MLflow's FileInfo, plus the content hash).</summary>
    public static JsonObject ToJson(ArtifactEntry a) => new()
    {
        ["path"] = a.Path,
        ["is_dir"] = false,
        ["file_size"] = a.Size,
        ["md5"] = a.Md5,
    };

    /// <summary>Writes a node with <see cref="Options"/>.</summary>
    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    private static JsonObject KeyValue(string key, string value) => new() { ["key"] = key, ["value"] = value };
}
