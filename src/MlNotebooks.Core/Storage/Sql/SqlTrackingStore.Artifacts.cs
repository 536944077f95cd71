using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlTrackingStore
{
    public Task LogArtifactsAsync(string runId, IReadOnlyList<ArtifactEntry> entries, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            await using var cmd = c.Command("INSERT INTO artifacts (run_uuid, path, md5, size) VALUES (@r, @p, @m, @s) ON CONFLICT (run_uuid, path) DO UPDATE SET md5 = excluded.md5, size = excluded.size", tx);
            cmd.AddParameter("@r", runId);
            var p = cmd.AddParameter("@p", "");
            var m = cmd.AddParameter("@m", "");
            var s = cmd.AddParameter("@s", 0L);
            foreach (var e in entries)
            {
                p.Value = e.Path;
                m.Value = e.Md5;
                s.Value = e.Size;
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<ArtifactEntry>> ListArtifactsAsync(string runId, string? prefix, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<ArtifactEntry>>(async c =>
        {
            await RequireRunAsync(c, null, runId, cancellationToken, allowDeleted: true).ConfigureAwait(false);
            var all = await c.QueryAsync(null, "SELECT path, md5, size FROM artifacts WHERE run_uuid = @r ORDER BY path",
                r => new ArtifactEntry(r.GetString(0), r.GetString(1), r.GetInt64Flexible(2)), cancellationToken, ("@r", runId)).ConfigureAwait(false);
            if (string.IsNullOrEmpty(prefix)) return all;
            var p = prefix.Trim('/');
            return all.Where(e => e.Path == p || e.Path.StartsWith(p + "/", StringComparison.Ordinal)).ToList();
        }, cancellationToken);

    public Task DeleteArtifactsAsync(string runId, string path, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId, cancellationToken).ConfigureAwait(false);
            var p = path.Trim('/');
            var deleted = await c.ExecAsync(tx, "DELETE FROM artifacts WHERE run_uuid = @r AND (path = @p OR substr(path, 1, @n) = @d)",
                cancellationToken, ("@r", runId), ("@p", p), ("@n", p.Length + 1), ("@d", p + "/")).ConfigureAwait(false);
            if (deleted == 0)
                throw MlnbException.NotFound($"run {runId} has no artifact '{p}'; list them with `mlnb artifacts list --run {runId}`");
            return true;
        }, cancellationToken);
}
