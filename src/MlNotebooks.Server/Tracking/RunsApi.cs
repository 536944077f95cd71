using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's run RPCs: create, get, update, delete, restore, search.</summary>
internal static class RunsApi
{
    /// <summary>CreateRun: experiment_id, user_id, run_name, start_time, tags → run.</summary>
    public static async Task<IResult> CreateAsync(RouteCall call)
    {
        var r = call.Request;
        var experimentId = r.String("experiment_id") is { Length: > 0 } e ? e : "0";
        var tags = TrackingBinding.Tags(r);
        var runName = r.String("run_name") is { Length: > 0 } n ? n : tags.GetValueOrDefault(SystemTags.RunName) is { Length: > 0 } t ? t : RunNames.Next();
        var start = r.Long("start_time") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UtcNow;
        // With auth the token says who the user is; without it, the client does (MLflow's user_id).
        var user = call.User ?? (r.String("user_id") is { Length: > 0 } u ? u : tags.GetValueOrDefault(SystemTags.User) ?? "unknown");
        await ExperimentsApi.RequireAsync(call, experimentId).ConfigureAwait(false);
        var run = await call.Store.CreateRunAsync(experimentId, runName, user, start, [.. tags.Select(kv => new RunTag(kv.Key, kv.Value))], call.CancellationToken).ConfigureAwait(false);
        call.CreatedId = run.RunId;
        return MlflowResults.Json(new JsonObject { ["run"] = TrackingJson.Run(run) });
    }

    /// <summary>GetRun: run_id (or run_uuid) → run.</summary>
    public static async Task<IResult> GetAsync(RouteCall call)
    {
        var run = await RequireAsync(call, TrackingBinding.RunId(call.Request)).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["run"] = TrackingJson.Run(run) });
    }

    /// <summary>UpdateRun: run_id, status, end_time, run_name → run_info.</summary>
    public static async Task<IResult> UpdateAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        var status = TrackingBinding.Status(r);
        var end = r.Long("end_time") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var name = r.String("run_name") is { Length: > 0 } n ? n : null;
        var current = await RequireAsync(call, runId).ConfigureAwait(false);
        var info = await call.Store.UpdateRunAsync(runId, status ?? current.Info.Status, end, name, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["run_info"] = TrackingJson.RunInfo(info) });
    }

    /// <summary>DeleteRun: run_id (soft delete).</summary>
    public static Task<IResult> DeleteAsync(RouteCall call) => SetStageAsync(call, LifecycleStage.Deleted);

    /// <summary>RestoreRun: run_id.</summary>
    public static Task<IResult> RestoreAsync(RouteCall call) => SetStageAsync(call, LifecycleStage.Active);

    /// <summary>SearchRuns: experiment_ids, filter (MLflow's syntax plus OR and parentheses), run_view_type, max_results, order_by, page_token.</summary>
    public static async Task<IResult> SearchAsync(RouteCall call)
    {
        var r = call.Request;
        var readable = await call.ReadableAsync(ResourceKind.Experiment).ConfigureAwait(false);
        var ids = r.Strings("experiment_ids").Where(readable).ToList();
        var query = new SearchRunsQuery(ids, r.String("filter"), TrackingBinding.ViewType(r, "run_view_type"),
            TrackingBinding.MaxResults(r, 1000, TrackingLimits.MaxResultsLimit), r.Strings("order_by"), r.String("page_token") is { Length: > 0 } p ? p : null);
        // A RUNNING run whose process is gone is ended KILLED before the first page is read (see RunLiveness).
        if (ids.Count > 0 && query.PageToken is null) await call.Tracking.EndDeadRunsAsync(ids, call.CancellationToken).ConfigureAwait(false);
        var page = ids.Count == 0 ? new Page<Run>([], null) : await call.Store.SearchRunsAsync(query, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["runs"] = TrackingJson.Array(page.Items, TrackingJson.Run) }.WithToken(page.NextPageToken));
    }

    private static async Task<IResult> SetStageAsync(RouteCall call, LifecycleStage stage)
    {
        var runId = TrackingBinding.RunId(call.Request);
        await RequireAsync(call, runId).ConfigureAwait(false);
        await call.Store.SetRunLifecycleAsync(runId, stage, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    internal static async Task<Run> RequireAsync(RouteCall call, string runId)
    {
        TrackingLimits.ValidateRunId(runId);
        return await call.Store.GetRunAsync(runId, call.CancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"run '{runId}' does not exist; find runs with runs/search");
    }
}
