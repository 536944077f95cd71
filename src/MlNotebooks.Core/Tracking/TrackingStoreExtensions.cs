namespace MlNotebooks.Tracking;

/// <summary>Single-item logging over the <see cref="ITrackingStore.LogBatchAsync"/> primitive.</summary>
public static class TrackingStoreExtensions
{
    private static readonly IReadOnlyList<Metric> NoMetrics = [];
    private static readonly IReadOnlyList<Param> NoParams = [];
    private static readonly IReadOnlyList<RunTag> NoTags = [];

    /// <summary>Logs one metric point.</summary>
    public static Task LogMetricAsync(this ITrackingStore store, string runId, Metric metric, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, [metric], NoParams, NoTags, cancellationToken);

    /// <summary>Logs one param.</summary>
    public static Task LogParamAsync(this ITrackingStore store, string runId, Param param, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, NoMetrics, [param], NoTags, cancellationToken);

    /// <summary>Sets one tag.</summary>
    public static Task SetTagAsync(this ITrackingStore store, string runId, RunTag tag, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, NoMetrics, NoParams, [tag], cancellationToken);
}
