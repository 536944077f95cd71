using System.Data.Common;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlTrackingStore
{
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        TrackingLimits.ValidateBatch(metrics, @params, tags);
        return WithWriteAsync(async (c, tx) =>
        {
            var info = await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            if (info.Status.IsTerminal() && (metrics.Count > 0 || @params.Count > 0))
                throw MlnbException.State($"run {runId} is {info.Status.ToName()}; metrics and params go to a RUNNING run (start a new run, or nest one under it with --parent {runId})");
            await InsertParamsAsync(c, tx, runId, @params, cancellationToken).ConfigureAwait(false);
            foreach (var tag in tags) await UpsertTagAsync(c, tx, runId, tag, cancellationToken).ConfigureAwait(false);
            if (metrics.Count > 0) await InsertMetricsAsync(c, tx, runId, metrics, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private static async Task InsertParamsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Param> @params, CancellationToken cancellationToken)
    {
        if (@params.Count == 0) return;
        await using var insert = c.Command("INSERT INTO params (run_uuid, key, value) VALUES (@r, @k, @v) ON CONFLICT (run_uuid, key) DO NOTHING", tx);
        var r = insert.AddParameter("@r", runId);
        var k = insert.AddParameter("@k", "");
        var v = insert.AddParameter("@v", "");
        foreach (var p in @params)
        {
            k.Value = p.Key;
            v.Value = p.Value;
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) continue;
            var existing = (string?)await c.ScalarAsync(tx, "SELECT value FROM params WHERE run_uuid = @r AND key = @k", cancellationToken, ("@r", runId), ("@k", p.Key)).ConfigureAwait(false);
            if (existing != p.Value)
                throw MlnbException.Invalid($"param '{p.Key}' of run {runId} is already '{TrackingLimits.Shorten(existing ?? "")}' and cannot change to '{TrackingLimits.Shorten(p.Value)}' (params are write-once); log it under another key or start a new run");
        }
    }

    private static async Task UpsertTagAsync(DbConnection c, DbTransaction tx, string runId, RunTag tag, CancellationToken cancellationToken)
    {
        await c.ExecAsync(tx, "INSERT INTO tags (run_uuid, key, value) VALUES (@r, @k, @v) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@r", runId), ("@k", tag.Key), ("@v", tag.Value)).ConfigureAwait(false);
        if (tag.Key == SystemTags.RunName)
            await c.ExecAsync(tx, "UPDATE runs SET name = @v WHERE run_uuid = @r", cancellationToken, ("@v", tag.Value), ("@r", runId)).ConfigureAwait(false);
    }

    private const string InsertMetricSql = "INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, @k, @v, @t, @s, @n) ON CONFLICT DO NOTHING";

    private const string UpsertLatestSql = """
        INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES (@r, @k, @v, @t, @s, @n)
        ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
        WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)
        """;

    private static async Task InsertMetricsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await ExecuteForEachMetricAsync(c, tx, InsertMetricSql, runId, metrics, cancellationToken).ConfigureAwait(false);

        // The latest value per key (highest step, then timestamp) feeds searches; fold the batch first so a
        // training loop's thousand points cost one upsert per key.
        var latest = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var m in metrics)
            if (!latest.TryGetValue(m.Key, out var cur) || (m.Step, m.Timestamp).CompareTo((cur.Step, cur.Timestamp)) >= 0) latest[m.Key] = m;
        await ExecuteForEachMetricAsync(c, tx, UpsertLatestSql, runId, [.. latest.Values], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one prepared statement per metric, rebinding only the values (NaN stored as 0 with is_nan = 1).</summary>
    private static async Task ExecuteForEachMetricAsync(DbConnection c, DbTransaction tx, string sql, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await using var cmd = c.Command(sql, tx);
        cmd.AddParameter("@r", runId);
        var k = cmd.AddParameter("@k", "");
        var v = cmd.AddParameter("@v", 0.0);
        var t = cmd.AddParameter("@t", 0L);
        var s = cmd.AddParameter("@s", 0L);
        var n = cmd.AddParameter("@n", 0);
        foreach (var m in metrics)
        {
            var nan = double.IsNaN(m.Value);
            k.Value = m.Key;
            v.Value = nan ? 0.0 : m.Value;
            t.Value = m.Timestamp;
            s.Value = m.Step;
            n.Value = nan ? 1 : 0;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            if (await c.ExecAsync(tx, "DELETE FROM tags WHERE run_uuid = @r AND key = @k", cancellationToken, ("@r", runId), ("@k", key)).ConfigureAwait(false) == 0)
                throw MlnbException.NotFound($"run {runId} has no tag '{key}'");
            return true;
        }, cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            foreach (var i in inputs)
            {
                if (string.IsNullOrEmpty(i.Name) || string.IsNullOrEmpty(i.Digest))
                    throw MlnbException.Invalid("a dataset input needs a name and a digest");
                await c.ExecAsync(tx, "INSERT INTO inputs (run_uuid, name, digest, source_type, source, context) VALUES (@r, @n, @d, @st, @s, @c) ON CONFLICT (run_uuid, name, digest) DO UPDATE SET context = excluded.context",
                    cancellationToken, ("@r", runId), ("@n", i.Name), ("@d", i.Digest), ("@st", i.SourceType), ("@s", i.Source), ("@c", i.Context)).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<Metric>>(async c =>
        {
            await RequireRunAsync(c, null, runId, cancellationToken, allowDeleted: true).ConfigureAwait(false);
            return await c.QueryAsync(null, "SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = @r AND key = @k ORDER BY step, timestamp",
                r => new Metric(r.GetString(0), ReadValue(r, 1, 4), r.GetInt64Flexible(2), r.GetInt64Flexible(3)), cancellationToken, ("@r", runId), ("@k", key)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<string>> FindRunsByInputAsync(string digest, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<string>>(async c =>
            await c.QueryAsync(null, "SELECT i.run_uuid FROM inputs i JOIN runs r ON r.run_uuid = i.run_uuid WHERE i.digest = @d ORDER BY r.start_time", r => r.GetString(0), cancellationToken, ("@d", digest)).ConfigureAwait(false),
            cancellationToken);
}
