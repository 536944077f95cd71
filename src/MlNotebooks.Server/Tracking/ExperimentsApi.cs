using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's experiment RPCs.</summary>
internal static class ExperimentsApi
{
    /// <summary>CreateExperiment: name, artifact_location, tags → experiment_id.</summary>
    public static async Task<IResult> CreateAsync(RouteCall call)
    {
        var r = call.Request;
        var name = r.RequiredString("name");
        var tags = TrackingBinding.Tags(r);
        var e = await call.Store.CreateExperimentAsync(name, r.String("artifact_location") is { Length: > 0 } l ? l : null, tags, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["experiment_id"] = e.ExperimentId });
    }

    /// <summary>GetExperiment: experiment_id → experiment.</summary>
    public static async Task<IResult> GetAsync(RouteCall call)
    {
        var e = await RequireAsync(call, call.Request.RequiredString("experiment_id")).ConfigureAwait(false);
        return MlflowResults.Json(new JsonObject { ["experiment"] = MlflowJson.ToJson(e) });
    }

    internal static async Task<Experiment> RequireAsync(RouteCall call, string experimentId) =>
        await call.Store.GetExperimentAsync(experimentId, call.CancellationToken).ConfigureAwait(false)
        ?? throw MlnbException.NotFound($"no experiment with id '{MlflowRequest.Shorten(experimentId)}'; list experiments with experiments/search");
}
