using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Auth;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;
using MlNotebooks.Usage;

namespace MlNotebooks.Server.Ui;

/// <summary>The UI's usage and cost read: what <c>mlnb usage --runs --json</c> prints, for the runs the caller may read.</summary>
internal static class UiUsageApi
{
    /// <summary>
    /// <c>GET .../ui/usage[?user=U][&amp;since=DATE]</c>: per user and per run, CPU seconds, GPU seconds, wall seconds and
    /// stored bytes, over the runs of experiments the caller may read (on a hub: the whole team's, READ by default).
    /// </summary>
    public static async Task<JsonNode> GetAsync(RouteCall call)
    {
        var context = call.Http;
        DateTimeOffset? since = null;
        if (UiHttp.Query(context, "since") is { Length: > 0 } text)
            since = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d
                : throw MlnbException.Invalid($"since '{text}' is not a date; give e.g. 2026-12-01 or 2026-12-01T09:00Z");
        var user = UiHttp.Query(context, "user") is { Length: > 0 } u ? u : null;
        var (all, _) = await UsageReport.ComputeAsync(call.Tracking, user, since, TimeProvider.System, context.RequestAborted).ConfigureAwait(false);
        var readable = await call.ReadableAsync(ResourceKind.Experiment).ConfigureAwait(false);
        var runs = all.Where(r => readable(r.ExperimentId)).ToList();
        var users = runs.GroupBy(r => r.User, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (JsonNode)new JsonObject
        {
            ["user"] = g.Key, ["runs"] = g.Count(), ["cpu_seconds"] = Math.Round(g.Sum(r => r.CpuSeconds), 3), ["gpu_seconds"] = Math.Round(g.Sum(r => r.GpuSeconds), 3),
            ["wall_seconds"] = Math.Round(g.Sum(r => r.WallSeconds), 3), ["stored_bytes"] = g.Sum(r => r.StoredBytes),
        });
        return new JsonObject
        {
            ["users"] = new JsonArray([.. users]),
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
            {
                ["run_id"] = r.RunId, ["experiment_id"] = r.ExperimentId, ["run_name"] = r.RunName, ["user"] = r.User, ["status"] = r.Status.ToName(),
                ["start_time"] = r.StartTime.ToUnixTimeMilliseconds(), ["cpu_seconds"] = Math.Round(r.CpuSeconds, 3), ["gpu_seconds"] = Math.Round(r.GpuSeconds, 3),
                ["wall_seconds"] = Math.Round(r.WallSeconds, 3), ["stored_bytes"] = r.StoredBytes,
            })]),
        };
    }
}
