using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

/// <summary>Per-bucket extremes of a metric computed in SQL (SQLite: a min()/max() aggregate's bare columns; PostgreSQL: DISTINCT ON).</summary>
internal sealed partial class SqlTrackingStore : IMetricBucketReader
{
    private const string FiniteWhere = "run_uuid = @r AND key = @k AND is_nan = 0 AND value > -1e308 AND value < 1e308";

    public Task<MetricBuckets> GetMetricBucketsAsync(string runId, string key, bool byTimestamp, int buckets, CancellationToken cancellationToken = default)
    {
        if (buckets < 1) throw MlnbException.Invalid($"buckets must be at least 1, not {buckets}");
        return WithConnectionAsync(async c =>
        {
            await RequireRunAsync(c, null, runId, cancellationToken, allowDeleted: true).ConfigureAwait(false);
            var (x, other) = byTimestamp ? ("timestamp", "step") : ("step", "timestamp");
            Metric Row(DbDataReader r) => new(key, r.GetDouble(0), r.GetInt64Flexible(1), r.GetInt64Flexible(2));
            async Task<Metric?> EndAsync(string direction) => (await c.QueryAsync(null,
                $"SELECT value, timestamp, step FROM metrics WHERE {FiniteWhere} ORDER BY {x} {direction}, {other} {direction} LIMIT 1", Row, cancellationToken, ("@r", runId), ("@k", key)).ConfigureAwait(false)).FirstOrDefault();
            var first = await EndAsync("ASC").ConfigureAwait(false);
            if (first is null) return new MetricBuckets(0, await GetMetricHistoryAsync(runId, key, cancellationToken).ConfigureAwait(false), false);
            var last = (await EndAsync("DESC").ConfigureAwait(false))!;
            long X(Metric m) => byTimestamp ? m.Timestamp : m.Step;
            var (x0, span) = (X(first), X(last) - X(first) + 1);
            var bucket = $"(({x} - @x0) * @n / @span)";
            (string, object?)[] ps = [("@r", runId), ("@k", key), ("@x0", x0), ("@n", (long)buckets), ("@span", span)];
            var postgres = database.Dialect == "postgresql";
            string Sql(string agg) => postgres
                ? $"SELECT DISTINCT ON (b) value, timestamp, step, 0 FROM (SELECT value, timestamp, step, {bucket} AS b FROM metrics WHERE {FiniteWhere}) p ORDER BY b, value {(agg == "MIN" ? "ASC" : "DESC")}, {x}"
                : $"SELECT {agg}(value), timestamp, step, COUNT(*) FROM metrics WHERE {FiniteWhere} GROUP BY {bucket}";
            long total = 0;
            var lows = await c.QueryAsync(null, Sql("MIN"), r => { total += r.GetInt64Flexible(3); return Row(r); }, cancellationToken, ps).ConfigureAwait(false);
            if (postgres) total = Convert.ToInt64(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM metrics WHERE {FiniteWhere}", cancellationToken, ("@r", runId), ("@k", key)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (total <= 2L * buckets + 2) return new MetricBuckets(total, await GetMetricHistoryAsync(runId, key, cancellationToken).ConfigureAwait(false), false);
            var highs = await c.QueryAsync(null, Sql("MAX"), Row, cancellationToken, ps).ConfigureAwait(false);
            var points = lows.Concat(highs).Append(first).Append(last).Distinct()
                .OrderBy(X).ThenBy(m => byTimestamp ? m.Step : m.Timestamp).ToList();
            return new MetricBuckets(total, points, true);
        }, cancellationToken);
    }
}
