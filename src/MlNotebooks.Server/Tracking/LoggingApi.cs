using Microsoft.AspNetCore.Http;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>MLflow's logging RPCs, each one call to the store's atomic <see cref="ITrackingStore.LogBatchAsync"/>.</summary>
internal static class LoggingApi
{
    /// <summary>MLflow's batch limits (MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH, MAX_ENTITIES_PER_BATCH).</summary>
    public const int MaxMetricsPerBatch = 1000, MaxParamsPerBatch = 100, MaxTagsPerBatch = 100, MaxEntitiesPerBatch = 1000;

    /// <summary>LogMetric: run_id, key, value, timestamp, step.</summary>
    public static async Task<IResult> LogMetricAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        var metric = new Metric(r.RequiredString("key"), r.Double("value") ?? throw MlflowRequest.Missing("value"),
            r.Long("timestamp") ?? throw MlflowRequest.Missing("timestamp"), r.Long("step") ?? 0);
        await call.Store.LogBatchAsync(runId, [metric], [], [], call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>LogParam: run_id, key, value.</summary>
    public static async Task<IResult> LogParamAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        var param = new Param(r.RequiredString("key"), r.String("value") ?? throw MlflowRequest.Missing("value"));
        await call.Store.LogBatchAsync(runId, [], [param], [], call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>SetTag: run_id, key, value (allowed on ended runs).</summary>
    public static async Task<IResult> SetTagAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = TrackingBinding.RunId(r);
        var tag = new RunTag(r.RequiredString("key"), r.String("value") ?? throw MlflowRequest.Missing("value"));
        await call.Store.LogBatchAsync(runId, [], [], [tag], call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>DeleteTag: run_id, key.</summary>
    public static async Task<IResult> DeleteTagAsync(RouteCall call)
    {
        var r = call.Request;
        await call.Store.DeleteTagAsync(r.RequiredString("run_id"), r.RequiredString("key"), call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>LogBatch: run_id, metrics, params, tags; all or nothing, within MLflow's limits.</summary>
    public static async Task<IResult> LogBatchAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = r.RequiredString("run_id");
        var metrics = r.Objects("metrics");
        var prms = r.Objects("params");
        var tags = r.Objects("tags");
        CheckLimits(metrics.Count, prms.Count, tags.Count);
        await call.Store.LogBatchAsync(runId,
            [.. metrics.Select(m => new Metric(m.RequiredString("key"), m.Double("value") ?? throw MlflowRequest.Missing(m.Where + ".value"), m.Long("timestamp") ?? throw MlflowRequest.Missing(m.Where + ".timestamp"), m.Long("step") ?? 0))],
            [.. prms.Select(p => new Param(p.RequiredString("key"), p.RequiredString("value", allowEmpty: true)))],
            [.. tags.Select(t => new RunTag(t.RequiredString("key"), t.RequiredString("value", allowEmpty: true)))],
            call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    /// <summary>LogInputs: run_id, datasets [{tags, dataset {name, digest, source_type, source}}].</summary>
    public static async Task<IResult> LogInputsAsync(RouteCall call)
    {
        var r = call.Request;
        var runId = r.RequiredString("run_id");
        var inputs = r.Objects("datasets").Select(d =>
        {
            var ds = d.Object("dataset") ?? throw MlflowRequest.Missing(d.Where + ".dataset");
            var context = d.Objects("tags").FirstOrDefault(t => t.String("key") == "mlflow.data.context")?.String("value") ?? "";
            return new DatasetInput(ds.RequiredString("name"), ds.RequiredString("digest"), ds.String("source_type") ?? "local", ds.String("source") ?? "", context);
        }).ToList();
        await call.Store.LogInputsAsync(runId, inputs, call.CancellationToken).ConfigureAwait(false);
        return MlflowResults.Empty;
    }

    internal static void CheckLimits(int metrics, int @params, int tags)
    {
        if (metrics > MaxMetricsPerBatch) throw TooMany("metrics", MaxMetricsPerBatch, metrics);
        if (@params > MaxParamsPerBatch) throw TooMany("params", MaxParamsPerBatch, @params);
        if (tags > MaxTagsPerBatch) throw TooMany("tags", MaxTagsPerBatch, tags);
        if (metrics + @params + tags > MaxEntitiesPerBatch)
            throw MlnbException.Invalid($"a batch logging request can contain at most {MaxEntitiesPerBatch} metrics, params and tags in total; got {metrics + @params + tags}; split it across several requests");
    }

    private static MlnbException TooMany(string what, int limit, int got) =>
        MlnbException.Invalid($"a batch logging request can contain at most {limit} {what}; got {got} {what}; split them across several requests");
}
