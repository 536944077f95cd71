using System.Text.Json.Nodes;
using MlNotebooks.Storage;

namespace MlNotebooks.Tracking.Http;

/// <summary>
/// A tracking store behind an MLflow-compatible tracking server (<c>http://</c> or <c>https://</c>): every call is one
/// or a few MLflow REST 2.0 requests, so it works against <c>mlnb server</c> and, for the MLflow parts, MLflow's own
/// server. Artifact content moves through the server's content store and is cached in the local one.
/// </summary>
public sealed partial class HttpTrackingStore : ITrackingStore, IContentSource
{
    private const string Api = "api/2.0/mlflow/";
    private const string Mlnb = "api/2.0/mlnb/";
    private readonly MlflowRestClient _rest;
    private readonly ContentStore _content;

    /// <summary>A store over the server at <paramref name="baseUri"/>, caching artifact content in <paramref name="localContent"/>.</summary>
    public HttpTrackingStore(Uri baseUri, ContentStore localContent, HttpTrackingOptions? options = null, HttpMessageHandler? handler = null)
    {
        if (baseUri.Scheme is not ("http" or "https"))
            throw MlnbException.Invalid($"'{baseUri}' is not an http(s) URL; give e.g. http://127.0.0.1:5000");
        _rest = new MlflowRestClient(baseUri, options ?? new HttpTrackingOptions(), handler);
        _content = localContent;
    }

    /// <inheritdoc />
    public string DisplayUri => _rest.Display;

    /// <summary>Checks that the server answers as an MLflow tracking server (and accepts the token); fails with a fix after a few quick tries.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default) =>
        await _rest.GetAsync(Api + "experiments/search", [("max_results", "1")], cancellationToken, maxAttempts: 3).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<Experiment> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("experiment", name);
        var body = new JsonObject { ["name"] = name, ["artifact_location"] = artifactLocation, ["tags"] = Pairs(tags ?? new Dictionary<string, string>()) };
        // Not retried once it may have reached the server: a retry after a lost answer could not tell our experiment from another's.
        var id = MlflowJsonReader.Str(await _rest.PostAsync(Api + "experiments/create", body, idempotent: false, cancellationToken).ConfigureAwait(false), "experiment_id");
        return await GetExperimentAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new MlnbException(ErrorCode.StoreUnavailable, $"experiment {id} was created on {DisplayUri} but cannot be read back");
    }

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        OrNullAsync(async () => MlflowJsonReader.Experiment((await _rest.GetAsync(Api + "experiments/get", [("experiment_id", experimentId)], cancellationToken).ConfigureAwait(false))["experiment"]!));

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        OrNullAsync(async () => MlflowJsonReader.Experiment((await _rest.GetAsync(Api + "experiments/get-by-name", [("experiment_name", name)], cancellationToken).ConfigureAwait(false))["experiment"]!));

    /// <inheritdoc />
    public async Task<Page<Experiment>> SearchExperimentsAsync(ViewType viewType, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        ValidateMaxResults(maxResults);
        var answer = await _rest.PostAsync(Api + "experiments/search", new JsonObject
        {
            ["max_results"] = maxResults, ["page_token"] = pageToken, ["view_type"] = ViewTypeName(viewType), ["order_by"] = new JsonArray("experiment_id ASC"),
        }, idempotent: true, cancellationToken).ConfigureAwait(false);
        return new Page<Experiment>([.. (answer["experiments"]?.AsArray() ?? []).Select(e => MlflowJsonReader.Experiment(e!))], NextToken(answer));
    }

    /// <inheritdoc />
    public async Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateName("experiment", newName);
        await PostAsync("experiments/update", new JsonObject { ["experiment_id"] = experimentId, ["new_name"] = newName }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingLimits.Validate(new RunTag(key, value));
        await PostAsync("experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = experimentId, ["key"] = key, ["value"] = value }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken = default) =>
        PostAsync(stage == LifecycleStage.Deleted ? "experiments/delete" : "experiments/restore", new JsonObject { ["experiment_id"] = experimentId }, cancellationToken);

    /// <inheritdoc />
    public async Task<Page<Run>> SearchRunsAsync(SearchRunsQuery query, CancellationToken cancellationToken = default)
    {
        ValidateMaxResults(query.MaxResults);
        var answer = await _rest.PostAsync(Api + "runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray([.. query.ExperimentIds.Select(i => (JsonNode)i)]),
            ["filter"] = query.Filter,
            ["run_view_type"] = ViewTypeName(query.ViewType),
            ["max_results"] = query.MaxResults,
            ["order_by"] = new JsonArray([.. (query.OrderBy ?? []).Select(o => (JsonNode)o)]),
            ["page_token"] = query.PageToken,
        }, idempotent: true, cancellationToken).ConfigureAwait(false);
        return new Page<Run>([.. (answer["runs"]?.AsArray() ?? []).Select(r => MlflowJsonReader.Run(r!))], NextToken(answer));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindRunsByInputAsync(string digest, CancellationToken cancellationToken = default)
    {
        var answer = await _rest.GetAsync(Mlnb + "runs/by-input", [("digest", digest)], cancellationToken).ConfigureAwait(false);
        return [.. (answer["run_ids"]?.AsArray() ?? []).Select(i => i!.GetValue<string>())];
    }

    private Task PostAsync(string rpc, JsonObject body, CancellationToken ct, bool idempotent = true) => _rest.PostAsync(Api + rpc, body, idempotent, ct);

    private static async Task<T?> OrNullAsync<T>(Func<Task<T>> call) where T : class
    {
        try { return await call().ConfigureAwait(false); }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceDoesNotExist) { return null; }
    }

    private static JsonArray Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new([.. pairs.Select(kv => (JsonNode)new JsonObject { ["key"] = kv.Key, ["value"] = kv.Value })]);

    private static string? NextToken(JsonNode answer) => answer["next_page_token"]?.GetValue<string>() is { Length: > 0 } t ? t : null;

    private static string ViewTypeName(ViewType v) => v switch { ViewType.DeletedOnly => "DELETED_ONLY", ViewType.All => "ALL", _ => "ACTIVE_ONLY" };

    private static void ValidateMaxResults(int maxResults) => Storage.Sql.SqlTrackingStore.ValidateMaxResults(maxResults);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _rest.Dispose();
        return ValueTask.CompletedTask;
    }
}
