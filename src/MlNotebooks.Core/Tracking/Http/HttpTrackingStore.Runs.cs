using System.Text.Json.Nodes;

namespace MlNotebooks.Tracking.Http;

public sealed partial class HttpTrackingStore
{
    /// <summary>MLflow's per-request batch limits; larger batches are sent as several requests (params first).</summary>
    private const int MaxEntities = 1000, MaxParamsOrTags = 100;

    /// <inheritdoc />
    public async Task<Run> CreateRunAsync(string experimentId, string runName, string userId, DateTimeOffset startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("run", runName);
        foreach (var t in tags) TrackingLimits.Validate(t);
        // Not idempotent: a retry after a lost answer would start a second run, so only refused connections are retried.
        var answer = await _rest.PostAsync(Api + "runs/create", new JsonObject
        {
            ["experiment_id"] = experimentId, ["run_name"] = runName, ["user_id"] = userId, ["start_time"] = startTime.ToUnixTimeMilliseconds(),
            ["tags"] = Pairs(tags.Select(t => KeyValuePair.Create(t.Key, t.Value))),
        }, idempotent: false, cancellationToken).ConfigureAwait(false);
        return MlflowJsonReader.Run(answer["run"]!);
    }

    /// <inheritdoc />
    public async Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        try
        {
            return MlflowJsonReader.Run((await _rest.GetAsync(Api + "runs/get", [("run_id", runId)], cancellationToken).ConfigureAwait(false))["run"]!);
        }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceDoesNotExist) { return null; }
    }

    /// <inheritdoc />
    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, DateTimeOffset? endTime, string? runName, CancellationToken cancellationToken = default)
    {
        if (runName is not null) TrackingLimits.ValidateName("run", runName);
        var answer = await _rest.PostAsync(Api + "runs/update", new JsonObject
        {
            ["run_id"] = runId, ["status"] = status.ToName(), ["end_time"] = endTime?.ToUnixTimeMilliseconds(), ["run_name"] = runName,
        }, idempotent: true, cancellationToken).ConfigureAwait(false);
        return MlflowJsonReader.RunInfo(answer["run_info"]!);
    }

    /// <inheritdoc />
    public Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken = default) =>
        PostAsync(stage == LifecycleStage.Deleted ? "runs/delete" : "runs/restore", new JsonObject { ["run_id"] = runId }, cancellationToken);

    /// <summary>
    /// Logs through MLflow's log-batch. Within MLflow's limits (1000 items, 100 params, 100 tags) this is one atomic
    /// request; larger batches are checked here first and then sent as several, params first. Retrying is safe: the
    /// server stores a metric point once, a param again with the same value is accepted, tags are set.
    /// </summary>
    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateBatch(metrics, @params, tags);
        if (metrics.Count + @params.Count + tags.Count <= MaxEntities && @params.Count <= MaxParamsOrTags && tags.Count <= MaxParamsOrTags)
        {
            await SendBatchAsync(runId, metrics, @params, tags, cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var chunk in @params.Chunk(MaxParamsOrTags)) await SendBatchAsync(runId, [], chunk, [], cancellationToken).ConfigureAwait(false);
        foreach (var chunk in metrics.Chunk(MaxEntities)) await SendBatchAsync(runId, chunk, [], [], cancellationToken).ConfigureAwait(false);
        foreach (var chunk in tags.Chunk(MaxParamsOrTags)) await SendBatchAsync(runId, [], [], chunk, cancellationToken).ConfigureAwait(false);
    }

    private Task SendBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken ct)
    {
        if (metrics.Count + @params.Count + tags.Count == 0) return Task.CompletedTask;
        return PostAsync("runs/log-batch", new JsonObject
        {
            ["run_id"] = runId,
            ["metrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)MlflowJson.ToJson(m))]),
            ["params"] = Pairs(@params.Select(p => KeyValuePair.Create(p.Key, p.Value))),
            ["tags"] = Pairs(tags.Select(t => KeyValuePair.Create(t.Key, t.Value))),
        }, ct);
    }

    /// <inheritdoc />
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete-tag", new JsonObject { ["run_id"] = runId, ["key"] = key }, cancellationToken);

    /// <inheritdoc />
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        if (inputs.Any(i => string.IsNullOrEmpty(i.Name) || string.IsNullOrEmpty(i.Digest)))
            throw MlnbException.Invalid("a dataset input needs a name and a digest");
        return PostAsync("runs/log-inputs", new JsonObject
        {
            ["run_id"] = runId,
            ["datasets"] = new JsonArray([.. inputs.Select(i => (JsonNode)new JsonObject
            {
                ["tags"] = Pairs([KeyValuePair.Create("mlflow.data.context", i.Context)]),
                ["dataset"] = new JsonObject { ["name"] = i.Name, ["digest"] = i.Digest, ["source_type"] = i.SourceType, ["source"] = i.Source },
            })]),
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var points = new List<Metric>();
        string? token = null;
        do
        {
            var answer = await _rest.GetAsync(Api + "metrics/get-history", [("run_id", runId), ("metric_key", key), ("max_results", "25000"), ("page_token", token)], cancellationToken).ConfigureAwait(false);
            points.AddRange((answer["metrics"]?.AsArray() ?? []).Select(m => MlflowJsonReader.Metric(m!)));
            token = NextToken(answer);
        }
        while (token is not null);
        return points;
    }
}
