using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

/// <summary>
/// Per-bucket extremes of a metric. PostgreSQL computes them (DISTINCT ON per bucket); SQLite, in-process, is read
/// once along its covering index, three columns per row and no sort, which measured faster than GROUP BY's temp B-tree.
/// </summary>
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
            var postgres = database.Dialect == "postgresql";
            var (lows, highs, total) = postgres
                ? await PostgresExtremesAsync(c, runId, key, x, x0, span, buckets, cancellationToken).ConfigureAwait(false)
                : await StreamedExtremesAsync(c, runId, key, byTimestamp, x0, span, buckets, cancellationToken).ConfigureAwait(false);
            if (total <= 2L * buckets + 2) return new MetricBuckets(total, await GetMetricHistoryAsync(runId, key, cancellationToken).ConfigureAwait(false), false);
            var points = lows.Concat(highs).Append(first).Append(last).Distinct()
                .OrderBy(X).ThenBy(m => byTimestamp ? m.Step : m.Timestamp).ToList();
            return new MetricBuckets(total, points, true);
        }, cancellationToken);
    }

    private static async Task<(List<Metric> Lows, List<Metric> Highs, long Total)> PostgresExtremesAsync(DbConnection c, string runId, string key, string x, long x0, long span, int buckets, CancellationToken cancellationToken)
    {
        var bucket = $"(({x} - @x0) * @n / @span)";
        (string, object?)[] ps = [("@r", runId), ("@k", key), ("@x0", x0), ("@n", (long)buckets), ("@span", span)];
        string Sql(string order) => $"SELECT DISTINCT ON (b) value, timestamp, step FROM (SELECT value, timestamp, step, {bucket} AS b FROM metrics WHERE {FiniteWhere}) p ORDER BY b, value {order}, {x}";
        Metric Row(DbDataReader r) => new(key, r.GetDouble(0), r.GetInt64Flexible(1), r.GetInt64Flexible(2));
        var lows = await c.QueryAsync(null, Sql("ASC"), Row, cancellationToken, ps).ConfigureAwait(false);
        var highs = await c.QueryAsync(null, Sql("DESC"), Row, cancellationToken, ps).ConfigureAwait(false);
        var total = Convert.ToInt64(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM metrics WHERE {FiniteWhere}", cancellationToken, ("@r", runId), ("@k", key)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return (lows, highs, total);
    }

    private static async Task<(List<Metric> Lows, List<Metric> Highs, long Total)> StreamedExtremesAsync(DbConnection c, string runId, string key, bool byTimestamp, long x0, long span, int buckets, CancellationToken cancellationToken)
    {
        var lo = new (double V, long T, long S)[buckets];
        var hi = new (double V, long T, long S)[buckets];
        var seen = new bool[buckets];
        long total = 0;
        await using (var cmd = c.Command($"SELECT value, timestamp, step FROM metrics WHERE {FiniteWhere}", null))
        {
            cmd.AddParameter("@r", runId);
            cmd.AddParameter("@k", key);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            // SQLite reads synchronously underneath; Read() skips an awaited task per row.
            while (r.Read())
            {
                var (v, t, s) = (r.GetDouble(0), r.GetInt64(1), r.GetInt64(2));
                var b = (int)(((byTimestamp ? t : s) - x0) * buckets / span);
                total++;
                if (!seen[b]) { seen[b] = true; lo[b] = hi[b] = (v, t, s); continue; }
                if (v < lo[b].V) lo[b] = (v, t, s);
                if (v > hi[b].V) hi[b] = (v, t, s);
            }
        }
        List<Metric> Pick((double V, long T, long S)[] a) => [.. Enumerable.Range(0, buckets).Where(i => seen[i]).Select(i => new Metric(key, a[i].V, a[i].T, a[i].S))];
        return (Pick(lo), Pick(hi), total);
    }
}
