using MlNotebooks.Storage;

namespace MlNotebooks.Tracking;

/// <summary>
/// Experiments, runs, metrics and artifacts: the one API every front end (magic command, CLI verb, HTTP handler)
/// calls. Resolves names, fills defaults, and keeps artifact content in the <see cref="ContentStore"/>.
/// </summary>
public sealed class TrackingClient(ITrackingStore store, ContentStore content, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The underlying store.</summary>
    public ITrackingStore Store => store;

    /// <summary>The content store artifacts live in.</summary>
    public ContentStore Content => content;

    /// <summary>Now, in milliseconds since the epoch, from the injected clock.</summary>
    public long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates an experiment.</summary>
    public Task<Experiment> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        store.CreateExperimentAsync(name, null, tags, cancellationToken);

    /// <summary>Finds an experiment by name, or by id when no experiment has that name.</summary>
    public async Task<Experiment> GetExperimentAsync(string nameOrId, CancellationToken cancellationToken = default) =>
        await store.GetExperimentByNameAsync(nameOrId, cancellationToken).ConfigureAwait(false)
        ?? await store.GetExperimentAsync(nameOrId, cancellationToken).ConfigureAwait(false)
        ?? throw MlnbException.NotFound($"experiment '{nameOrId}' does not exist; create it with `mlnb experiments create {nameOrId}`");

    /// <summary>Gets an experiment by name, creating it when missing (what starting a run in a new experiment does).</summary>
    public async Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var existing = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null) return existing;
        try
        {
            return await store.CreateExperimentAsync(name, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            // Another process created it between our look-up and our insert.
            var raced = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (raced is null) throw;
            return raced;
        }
    }

    /// <summary>Lists experiments.</summary>
    public Task<Page<Experiment>> ListExperimentsAsync(ViewType viewType = ViewType.ActiveOnly, int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default) =>
        store.SearchExperimentsAsync(viewType, maxResults, pageToken, cancellationToken);

    /// <summary>Renames an experiment given by name or id.</summary>
    public async Task<Experiment> RenameExperimentAsync(string nameOrId, string newName, CancellationToken cancellationToken = default)
    {
        var e = await GetExperimentAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        await store.RenameExperimentAsync(e.ExperimentId, newName, cancellationToken).ConfigureAwait(false);
        return await GetExperimentAsync(e.ExperimentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Soft-deletes an experiment and its runs.</summary>
    public async Task DeleteExperimentAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var e = await GetExperimentAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        await store.SetExperimentLifecycleAsync(e.ExperimentId, LifecycleStage.Deleted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Restores a deleted experiment and its runs.</summary>
    public async Task RestoreExperimentAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var e = await GetExperimentAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        await store.SetExperimentLifecycleAsync(e.ExperimentId, LifecycleStage.Active, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a RUNNING run in an experiment (by name, created when missing; "Default" when null).</summary>
    public async Task<Run> CreateRunAsync(string? experiment = null, string? runName = null, string? parentRunId = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var exp = experiment is null
            ? await GetExperimentAsync("0", cancellationToken).ConfigureAwait(false)
            : await store.GetExperimentByNameAsync(experiment, cancellationToken).ConfigureAwait(false)
              ?? await store.GetExperimentAsync(experiment, cancellationToken).ConfigureAwait(false)
              ?? await GetOrCreateExperimentAsync(experiment, cancellationToken).ConfigureAwait(false);
        var allTags = new List<RunTag>();
        if (tags is not null) allTags.AddRange(tags.Select(kv => new RunTag(kv.Key, kv.Value)));
        if (parentRunId is not null)
        {
            TrackingLimits.ValidateRunId(parentRunId);
            allTags.Add(new RunTag(SystemTags.ParentRunId, parentRunId));
        }
        if (!allTags.Any(t => t.Key == SystemTags.User)) allTags.Add(new RunTag(SystemTags.User, Environment.UserName));
        return await store.CreateRunAsync(exp.ExperimentId, runName ?? RunNames.Next(), Environment.UserName, _time.GetUtcNow(), allTags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a run and returns a handle whose logging is buffered and which ends the run when disposed.</summary>
    public async Task<ActiveRun> StartRunAsync(string? experiment = null, string? runName = null, string? parentRunId = null,
        IReadOnlyDictionary<string, string>? tags = null, BufferedLoggerOptions? loggerOptions = null, CancellationToken cancellationToken = default)
    {
        var run = await CreateRunAsync(experiment, runName, parentRunId, tags, cancellationToken).ConfigureAwait(false);
        return new ActiveRun(this, run, loggerOptions, _time);
    }

    /// <summary>Gets a run; fails with a fix when it does not exist.</summary>
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateRunId(runId);
        return await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"run '{runId}' does not exist; find runs with `mlnb runs search`");
    }

    /// <summary>Logs metrics, params and tags atomically.</summary>
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null, IReadOnlyList<RunTag>? tags = null, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, metrics ?? [], @params ?? [], tags ?? [], cancellationToken);

    /// <summary>Logs one metric point now.</summary>
    public Task LogMetricAsync(string runId, string key, double value, long step = 0, CancellationToken cancellationToken = default) =>
        store.LogMetricAsync(runId, new Metric(key, value, NowMs(), step), cancellationToken);

    /// <summary>Logs one param.</summary>
    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        store.LogParamAsync(runId, new Param(key, value), cancellationToken);

    /// <summary>Sets one tag.</summary>
    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        store.SetTagAsync(runId, new RunTag(key, value), cancellationToken);

    /// <summary>Records datasets the run read.</summary>
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default) =>
        store.LogInputsAsync(runId, inputs, cancellationToken);

    /// <summary>Ends a run with a status (FINISHED by default).</summary>
    public Task<RunInfo> EndRunAsync(string runId, RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (!status.IsTerminal())
            throw MlnbException.Invalid($"a run ends as FINISHED, FAILED or KILLED, not {status.ToName()}");
        return store.UpdateRunAsync(runId, status, _time.GetUtcNow(), null, cancellationToken);
    }

    /// <summary>Every point of a metric.</summary>
    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        store.GetMetricHistoryAsync(runId, key, cancellationToken);

    /// <summary>Searches runs in the named experiments (all active experiments when none are named).</summary>
    public async Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string>? experiments = null, string? filter = null, IReadOnlyList<string>? orderBy = null,
        int maxResults = 1000, string? pageToken = null, ViewType viewType = ViewType.ActiveOnly, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        foreach (var e in experiments ?? [])
            ids.Add((await GetExperimentAsync(e, cancellationToken).ConfigureAwait(false)).ExperimentId);
        if (ids.Count == 0)
            ids.AddRange((await ListExperimentsAsync(viewType == ViewType.ActiveOnly ? ViewType.ActiveOnly : ViewType.All, TrackingLimits.MaxResultsLimit, null, cancellationToken).ConfigureAwait(false)).Items.Select(e => e.ExperimentId));
        return await store.SearchRunsAsync(new SearchRunsQuery(ids, filter, viewType, maxResults, orderBy, pageToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs a file or a folder as artifacts. A file lands at <c>artifactPath/NAME</c>; a folder's files land at
    /// <c>artifactPath/RELATIVE</c>. Content is stored once per hash.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactEntry>> LogArtifactAsync(string runId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        var prefix = NormalizeArtifactPath(artifactPath);
        var entries = new List<ArtifactEntry>();
        if (File.Exists(localPath))
        {
            var r = await content.AddFileAsync(localPath, cancellationToken).ConfigureAwait(false);
            entries.Add(new ArtifactEntry(Join(prefix, Path.GetFileName(localPath)), r.Md5, r.Size));
        }
        else if (Directory.Exists(localPath))
        {
            foreach (var file in Directory.EnumerateFiles(localPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(localPath, file).Replace(Path.DirectorySeparatorChar, '/');
                var r = await content.AddFileAsync(file, cancellationToken).ConfigureAwait(false);
                entries.Add(new ArtifactEntry(Join(prefix, rel), r.Md5, r.Size));
            }
        }
        else throw MlnbException.NotFound($"'{localPath}' does not exist; give a file or a folder to log");
        await store.LogArtifactsAsync(runId, entries, cancellationToken).ConfigureAwait(false);
        return entries;
    }

    /// <summary>Logs bytes as an artifact file at <paramref name="artifactPath"/>.</summary>
    public async Task<ArtifactEntry> LogArtifactBytesAsync(string runId, string artifactPath, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var path = NormalizeArtifactPath(artifactPath) ?? throw MlnbException.Invalid("an artifact needs a path such as 'model/model.onnx'");
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        var r = await content.AddStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        var entry = new ArtifactEntry(path, r.Md5, r.Size);
        await store.LogArtifactsAsync(runId, [entry], cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Lists a run's artifacts under a path (all when null).</summary>
    public Task<IReadOnlyList<ArtifactEntry>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default) =>
        store.ListArtifactsAsync(runId, NormalizeArtifactPath(path), cancellationToken);

    /// <summary>
    /// Copies a run's artifact file or folder into <paramref name="destination"/> (a folder), verifying each hash.
    /// Returns the local path of what was asked for.
    /// </summary>
    public async Task<string> DownloadArtifactsAsync(string runId, string? path, string destination, CancellationToken cancellationToken = default)
    {
        var p = NormalizeArtifactPath(path);
        var entries = await store.ListArtifactsAsync(runId, p, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
            throw MlnbException.NotFound(p is null ? $"run {runId} has no artifacts" : $"run {runId} has no artifact '{p}'; list them with `mlnb artifacts list --run {runId}`");
        await EnsureContentAsync(runId, entries, cancellationToken).ConfigureAwait(false);
        // A file lands as destination/NAME, a folder as destination/FOLDER/..., everything as destination/...
        var baseDir = p is null ? "" : Parent(p);
        foreach (var e in entries)
        {
            var rel = baseDir.Length == 0 ? e.Path : e.Path[(baseDir.Length + 1)..];
            await content.CopyToFileAsync(e.Md5, Path.Combine(destination, rel), cancellationToken).ConfigureAwait(false);
        }
        return Path.GetFullPath(Path.Combine(destination, p is null ? "" : p[(baseDir.Length == 0 ? 0 : baseDir.Length + 1)..]));
    }

    /// <summary>
    /// Makes sure the content of a run's artifact entries is in the local <see cref="Content"/> store: a no-op for
    /// local stores; a tracking server (<see cref="IContentSource"/>) downloads what is missing, hash-checked.
    /// </summary>
    public async Task EnsureContentAsync(string runId, IReadOnlyList<ArtifactEntry> entries, CancellationToken cancellationToken = default)
    {
        if (store is IContentSource source && entries.Any(e => !content.Contains(e.Md5)))
            await source.FetchAsync(runId, entries, content, cancellationToken).ConfigureAwait(false);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var i and > 0 ? path[..i] : "";

    private static string Join(string? prefix, string rel) => prefix is null ? rel : prefix + "/" + rel;

    internal static string? NormalizeArtifactPath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        var p = path.Replace('\\', '/').Trim('/');
        if (p.Length == 0) return null;
        if (p.Split('/').Any(s => s is ".." or "." or ""))
            throw MlnbException.Invalid($"artifact path '{path}' must be relative without '.' or '..' parts, e.g. 'model/model.onnx'");
        return p;
    }
}
