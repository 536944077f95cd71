using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Auth;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's experiment RPCs.</summary>
internal static class ExperimentsApi
{
    /// <summary>Largest page of experiments (MLflow's SEARCH_MAX_RESULTS_THRESHOLD).</summary>
    public const int MaxResultsLimit = 50_000;

    /// <summary>CreateExperiment: name, artifact_location, tags → experiment_id.</summary>
    public static async Task<IResult> CreateAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var tags = TrackingBinding.Tags(r);
        var e = await call.Store.CreateExperimentAsync(name, r.String("artifact_location") is { Length: > 0 } l ? l : null, tags, call.CancellationToken).ConfigureAwait(false);
        call.CreatedId = e.ExperimentId;
        return MlflowResults.Json(new JsonObject { ["experiment_id"] = e.ExperimentId });
    }

    /// <summary>GetExperiment: experiment_id → experiment.</summary>
    public static async Task<IResult> GetAsync(RouteCall call)
    {
        var e = await RequireAsync(call, call.Request.RequiredString("experiment_id")).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["experiment"] = TrackingJson.Experiment(e) });
    }

    /// <summary>GetExperimentByName: experiment_name → experiment.</summary>
    public static async Task<IResult> GetByNameAsync(RouteCall call)
    {
        var name = call.Request.RequiredString("experiment_name");
        var e = await call.Store.GetExperimentByNameAsync(name, call.CancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"no experiment named '{MlflowRequest.Shorten(name)}'; create it with experiments/create");
        return MlflowResults.Json(new JsonObject { ["experiment"] = TrackingJson.Experiment(e) });
    }

    /// <summary>SearchExperiments: max_results, page_token, filter, order_by, view_type → experiments, next_page_token.</summary>
    public static async Task<IResult> SearchAsync(RouteCall call)
    {
        var r = call.Request;
        var max = TrackingBinding.MaxResults(r, 1000, MaxResultsLimit);
        var filter = ExperimentSearch.Filter(r.String("filter"));
        var orderBy = r.Strings("order_by");
        var offset = PageTokens.Offset(r.String("page_token"));
        var all = await ListAllAsync(call, TrackingBinding.ViewType(r, "view_type")).ConfigureAwait(false);
        var readable = await call.ReadableAsync(ResourceKind.Experiment).ConfigureAwait(false);
        var matching = ExperimentSearch.Order(all.Where(e => readable(e.ExperimentId)).Where(filter), orderBy).ToList();
        var page = matching.Skip(offset).Take(max);
        return MlflowResults.Json(new JsonObject { ["experiments"] = TrackingJson.Array(page, TrackingJson.Experiment) }
            .WithToken(PageTokens.Next(offset, max, matching.Count)));
    }

    /// <summary>UpdateExperiment: experiment_id, new_name.</summary>
    public static async Task<IResult> UpdateAsync(RouteCall call)
    {
        var id = call.Request.RequiredString("experiment_id");
        var newName = call.Request.String("new_name");
        await RequireAsync(call, id).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(newName)) await call.Store.RenameExperimentAsync(id, newName, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>DeleteExperiment: experiment_id (soft delete; its runs follow).</summary>
    public static Task<IResult> DeleteAsync(RouteCall call) => SetStageAsync(call, LifecycleStage.Deleted);

    /// <summary>RestoreExperiment: experiment_id.</summary>
    public static Task<IResult> RestoreAsync(RouteCall call) => SetStageAsync(call, LifecycleStage.Active);

    /// <summary>SetExperimentTag: experiment_id, key, value.</summary>
    public static async Task<IResult> SetTagAsync(RouteCall call)
    {
        var r = call.Request;
        var id = r.RequiredString("experiment_id");
        var key = r.RequiredString("key");
        var value = r.String("value") ?? throw MlflowRequest.Missing("value");
        await RequireAsync(call, id).ConfigureAwait(false);
        await call.Store.SetExperimentTagAsync(id, key, value, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    private static async Task<IResult> SetStageAsync(RouteCall call, LifecycleStage stage)
    {
        var id = call.Request.RequiredString("experiment_id");
        await RequireAsync(call, id).ConfigureAwait(false);
        await call.Store.SetExperimentLifecycleAsync(id, stage, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    internal static async Task<Experiment> RequireAsync(RouteCall call, string experimentId) =>
        await call.Store.GetExperimentAsync(experimentId, call.CancellationToken).ConfigureAwait(false)
        ?? throw MlnbException.NotFound($"no experiment with id '{MlflowRequest.Shorten(experimentId)}'; list experiments with experiments/search");

    private static async Task<List<Experiment>> ListAllAsync(RouteCall call, ViewType view)
    {
        var all = new List<Experiment>();
        string? token = null;
        do
        {
            var page = await call.Store.SearchExperimentsAsync(view, MaxResultsLimit, token, call.CancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }
}
