namespace MlNotebooks.Tracking;

/// <summary>
/// Where tracking data lives. Few core methods; <see cref="LogBatchAsync"/> is the primitive and is atomic,
/// the single-item helpers are extension methods over it (<see cref="TrackingStoreExtensions"/>).
/// Every implementation passes the same contract test suite.
/// </summary>
public interface ITrackingStore : IAsyncDisposable
{
    /// <summary>The URI this store was opened from, with any password removed.</summary>
    string DisplayUri { get; }

    /// <summary>Creates an experiment; fails with ResourceAlreadyExists when the name is taken.</summary>
    Task<Experiment> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken = default);

    /// <summary>Gets an experiment by id, or null.</summary>
    Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Gets an experiment by exact name (active or deleted), or null.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists experiments, ordered by id.</summary>
    Task<Page<Experiment>> SearchExperimentsAsync(ViewType viewType, int maxResults, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>Renames an experiment; fails when the new name is taken.</summary>
    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default);

    /// <summary>Sets (adds or replaces) one experiment tag; fails when the experiment does not exist.</summary>
    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes or restores an experiment (its runs follow).</summary>
    Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken = default);

    /// <summary>Creates a run in the RUNNING state.</summary>
    Task<Run> CreateRunAsync(string experimentId, string runName, string userId, DateTimeOffset startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Gets a run with its latest metrics, params, tags and inputs, or null.</summary>
    Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Sets a run's status (and end time when terminal) and optionally its name.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, DateTimeOffset? endTime, string? runName, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes or restores a run.</summary>
    Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs metrics, params and tags in one transaction: all or nothing. Params are write-once (the same
    /// value again is accepted; another value is an error). Metrics and params need a RUNNING run; tags may
    /// be set on ended runs too.
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a tag; fails when it does not exist.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Records datasets a run read (idempotent per name + digest).</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default);

    /// <summary>Every point of one metric, ordered by step then timestamp.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>Searches runs with MLflow's filter syntax (plus OR and parentheses).</summary>
    Task<Page<Run>> SearchRunsAsync(SearchRunsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces artifact entries of a run (content must already be in the content store).</summary>
    Task LogArtifactsAsync(string runId, IReadOnlyList<ArtifactEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Lists a run's artifact entries under a path prefix (all when null), ordered by path.</summary>
    Task<IReadOnlyList<ArtifactEntry>> ListArtifactsAsync(string runId, string? prefix, CancellationToken cancellationToken = default);

    /// <summary>Removes a run's artifact entry at <paramref name="path"/>, or every entry under it when it is a folder; fails when there is none. Content stays in the content store until collected.</summary>
    Task DeleteArtifactsAsync(string runId, string path, CancellationToken cancellationToken = default);

    /// <summary>Runs that read a dataset with the given digest (lineage, data → runs).</summary>
    Task<IReadOnlyList<string>> FindRunsByInputAsync(string digest, CancellationToken cancellationToken = default);
}
