using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Tracking.Http;

/// <summary>Reads MLflow REST 2.0 JSON back into tracking entities (the inverse of <see cref="MlflowJson"/>).</summary>
internal static class MlflowJsonReader
{
    public const string StoreScheme = "mlnb-artifacts:/";
    public const string ProxyScheme = "mlflow-artifacts:/";

    public static Experiment Experiment(JsonNode e) => new(
        Str(e, "experiment_id"),
        Str(e, "name"),
        FromProxy(Str(e, "artifact_location", "")),
        Stage(e),
        Time(e, "creation_time"),
        Time(e, "last_update_time"),
        Pairs(e["tags"]).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    public static RunInfo RunInfo(JsonNode i) => new(
        Opt(i, "run_id") ?? Str(i, "run_uuid"),
        Str(i, "experiment_id"),
        Str(i, "run_name", ""),
        Str(i, "user_id", ""),
        RunStatusNames.Parse(Str(i, "status", "RUNNING")),
        Time(i, "start_time"),
        i["end_time"] is null ? null : Time(i, "end_time"),
        FromProxy(Str(i, "artifact_uri", "")),
        Stage(i));

    public static Run Run(JsonNode r)
    {
        var data = r["data"];
        var inputs = r["inputs"]?["dataset_inputs"]?.AsArray() ?? [];
        return new Run(
            RunInfo(r["info"] ?? throw Bad("run.info")),
            [.. (data?["metrics"]?.AsArray() ?? []).Select(m => Metric(m!))],
            [.. Pairs(data?["params"]).Select(p => new Param(p.Key, p.Value))],
            [.. Pairs(data?["tags"]).Select(t => new RunTag(t.Key, t.Value))],
            [.. inputs.Select(d => new DatasetInput(
                Str(d!["dataset"]!, "name"), Str(d["dataset"]!, "digest"), Str(d["dataset"]!, "source_type", "local"), Str(d["dataset"]!, "source", ""),
                Pairs(d["tags"]).FirstOrDefault(t => t.Key == "mlflow.data.context").Value ?? ""))]);
    }

    public static Metric Metric(JsonNode m) => new(Str(m, "key"), Double(m["value"]), Long(m["timestamp"]), m["step"] is null ? 0 : Long(m["step"]));

    public static IEnumerable<KeyValuePair<string, string>> Pairs(JsonNode? array) =>
        (array?.AsArray() ?? []).Select(t => KeyValuePair.Create(Str(t!, "key"), Str(t!, "value", "")));

    public static string FromProxy(string uri) => uri.StartsWith(ProxyScheme, StringComparison.Ordinal) ? StoreScheme + uri[ProxyScheme.Length..] : uri;

    public static string Str(JsonNode node, string field) => Opt(node, field) ?? throw Bad(field);

    public static string Str(JsonNode node, string field, string fallback) => Opt(node, field) ?? fallback;

    public static string? Opt(JsonNode node, string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw Bad(field),
    };

    public static long Long(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<long>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw Bad("an integer"),
    };

    public static double Double(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s, CultureInfo.InvariantCulture),
        },
        _ => throw Bad("a number"),
    };

    private static DateTimeOffset Time(JsonNode node, string field) => node[field] is null ? DateTimeOffset.UnixEpoch : DateTimeOffset.FromUnixTimeMilliseconds(Long(node[field]));

    private static LifecycleStage Stage(JsonNode node) => Str(node, "lifecycle_stage", "active") == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    private static MlnbException Bad(string what) => new(ErrorCode.StoreUnavailable, $"the tracking server's answer lacks or mistypes {what}; is it an MLflow-compatible server of a supported version?");
}
