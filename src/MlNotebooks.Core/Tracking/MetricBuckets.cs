namespace MlNotebooks.Tracking;

/// <summary>A metric curve as read for a chart (see <see cref="IMetricBucketReader"/>).</summary>
/// <param name="FinitePoints">How many finite points the curve has in the store.</param>
/// <param name="Points">The points returned, ordered by the bucketed axis.</param>
/// <param name="Reduced">True when <paramref name="Points"/> are per-bucket extremes, false when they are the whole curve.</param>
public sealed record MetricBuckets(long FinitePoints, IReadOnlyList<Metric> Points, bool Reduced);
