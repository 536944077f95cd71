using System.Text.Json.Nodes;

namespace MlNotebooks.Server.Tests.Support;

/// <summary>Common steps over the REST API (each asserts a 200).</summary>
public static class MlflowSteps
{
    public const string Api = "/api/2.0/mlflow/";

    public static async Task<string> CreateExperimentAsync(this MlflowHttp http, string? name = null) =>
        (await http.PostAsync(Api + "experiments/create", new JsonObject { ["name"] = name ?? ServerFixture.UniqueName("exp") })).Ok().Body!["experiment_id"]!.GetValue<string>();

    public static async Task<JsonNode> CreateRunAsync(this MlflowHttp http, string experimentId, string? runName = null) =>
        (await http.PostAsync(Api + "runs/create", new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["run_name"] = runName,
            ["start_time"] = 1_700_000_000_000,
            ["user_id"] = "alice",
        })).Ok().Body!["run"]!;

    public static async Task<(string ExperimentId, string RunId)> NewRunAsync(this MlflowHttp http)
    {
        var exp = await http.CreateExperimentAsync();
        var run = await http.CreateRunAsync(exp);
        return (exp, run["info"]!["run_id"]!.GetValue<string>());
    }

    public static async Task<JsonNode> GetRunAsync(this MlflowHttp http, string runId) =>
        (await http.GetAsync(Api + "runs/get", ("run_id", runId))).Ok().Body!["run"]!;

    public static JsonObject Metric(string key, double value, long timestamp, long step = 0) =>
        new() { ["key"] = key, ["value"] = value, ["timestamp"] = timestamp, ["step"] = step };

    public static JsonObject KeyValue(string key, string value) => new() { ["key"] = key, ["value"] = value };

    public static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);
}
