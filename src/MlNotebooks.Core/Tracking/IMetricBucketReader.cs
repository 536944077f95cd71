namespace MlNotebooks.Tracking;

/// <summary>
/// An optional capability of a tracking store: a metric's curve reduced inside the store to the lowest and the
/// highest point of each bucket of its x range (step or timestamp), so a chart of 100,000 points reads a few
/// thousand rows instead of all of them (the role of MLflow's <c>metrics/get-history-bulk-interval</c>). A store
/// without it is read whole with <see cref="ITrackingStore.GetMetricHistoryAsync"/>.
/// </summary>
public interface IMetricBucketReader
{
    /// <summary>
    /// The first and last points, and per bucket <c>floor((x - first) * buckets / (last - first + 1))</c> the
    /// point with the lowest and the one with the highest value, ordered by x; NaN and infinite values are left out.
    /// When the curve has at most <c>2 * buckets + 2</c> finite points, every point (NaN included) is returned.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The metric.</param>
    /// <param name="byTimestamp">Bucket by timestamp instead of step.</param>
    /// <param name="buckets">Number of buckets (e.g. the chart's width in pixels), at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<MetricBuckets> GetMetricBucketsAsync(string runId, string key, bool byTimestamp, int buckets, CancellationToken cancellationToken = default);
}
