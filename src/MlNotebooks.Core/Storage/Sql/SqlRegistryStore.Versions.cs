using System.Data.Common;
using MlNotebooks.Registry;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlRegistryStore
{
    private const string VersionColumns = "name, version, description, user_id, source, run_id, status, creation_time, last_updated_time, package";

    public Task<ModelVersion> CreateModelVersionAsync(string name, string description, string userId, string source, string? runId, ModelPackage package,
        IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            if (database.Dialect == "postgresql")
                await c.ExecAsync(tx, "SELECT 1 FROM registered_models WHERE name = @n FOR UPDATE", cancellationToken, ("@n", name)).ConfigureAwait(false);
            var max = await c.ScalarAsync(tx, "SELECT MAX(version) FROM model_versions WHERE name = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
            var version = (max is null ? 0 : Convert.ToInt32(max, System.Globalization.CultureInfo.InvariantCulture)) + 1;
            await c.ExecAsync(tx, $"INSERT INTO model_versions ({VersionColumns}) VALUES (@n, @v, @d, @u, @s, @r, @st, @t, @t, @p)", cancellationToken,
                ("@n", name), ("@v", version), ("@d", description), ("@u", userId), ("@s", source), ("@r", runId), ("@st", "READY"), ("@t", Ms(time)),
                ("@p", PackageJson.Serialize(package))).ConfigureAwait(false);
            foreach (var (k, v) in tags ?? new Dictionary<string, string>())
                await c.ExecAsync(tx, "INSERT INTO model_version_tags (name, version, key, value) VALUES (@n, @ver, @k, @v)", cancellationToken,
                    ("@n", name), ("@ver", version), ("@k", k), ("@v", v)).ConfigureAwait(false);
            await c.ExecAsync(tx, "UPDATE registered_models SET last_updated_time = @t WHERE name = @n", cancellationToken, ("@t", Ms(time)), ("@n", name)).ConfigureAwait(false);
            return (await ReadVersionsAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false))[0];
        }, cancellationToken);

    public Task<ModelVersion?> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(async c => (await ReadVersionsAsync(c, null, name, version, cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<ModelVersion>>(async c =>
        {
            await EnsureModelAsync(c, null, name, cancellationToken).ConfigureAwait(false);
            return await ReadVersionsAsync(c, null, name, null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task UpdateModelVersionAsync(string name, int version, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureVersionAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false);
            if (description is not null)
                await c.ExecAsync(tx, "UPDATE model_versions SET description = @d WHERE name = @n AND version = @v", cancellationToken, ("@d", description), ("@n", name), ("@v", version)).ConfigureAwait(false);
            foreach (var (k, v) in tags ?? new Dictionary<string, string>())
            {
                await c.ExecAsync(tx, "DELETE FROM model_version_tags WHERE name = @n AND version = @ver AND key = @k", cancellationToken, ("@n", name), ("@ver", version), ("@k", k)).ConfigureAwait(false);
                await c.ExecAsync(tx, "INSERT INTO model_version_tags (name, version, key, value) VALUES (@n, @ver, @k, @v)", cancellationToken, ("@n", name), ("@ver", version), ("@k", k), ("@v", v)).ConfigureAwait(false);
            }
            await c.ExecAsync(tx, "UPDATE model_versions SET last_updated_time = @t WHERE name = @n AND version = @v", cancellationToken, ("@t", Ms(time)), ("@n", name), ("@v", version)).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private static async Task<List<ModelVersion>> ReadVersionsAsync(DbConnection c, DbTransaction? tx, string name, int? version, CancellationToken ct)
    {
        var where = version is null ? "name = @n" : "name = @n AND version = @v";
        var rows = await c.QueryAsync(tx, $"SELECT {VersionColumns} FROM model_versions WHERE {where} ORDER BY version DESC", r => new
        {
            Version = (int)r.GetInt64Flexible(1),
            Description = r.GetString(2),
            User = r.GetString(3),
            Source = r.GetString(4),
            RunId = r.IsDBNull(5) ? null : r.GetString(5),
            Status = r.GetString(6),
            Created = r.GetInt64Flexible(7),
            Updated = r.GetInt64Flexible(8),
            Package = r.GetString(9),
        }, ct, ("@n", name), ("@v", version ?? 0)).ConfigureAwait(false);
        var tags = await c.QueryAsync(tx, $"SELECT version, key, value FROM model_version_tags WHERE {where} ORDER BY key",
            r => ((int)r.GetInt64Flexible(0), r.GetString(1), r.GetString(2)), ct, ("@n", name), ("@v", version ?? 0)).ConfigureAwait(false);
        var aliases = await c.QueryAsync(tx, $"SELECT version, alias FROM registered_model_aliases WHERE {where} ORDER BY alias",
            r => ((int)r.GetInt64Flexible(0), r.GetString(1)), ct, ("@n", name), ("@v", version ?? 0)).ConfigureAwait(false);
        return [.. rows.Select(r => new ModelVersion(name, r.Version, FromMs(r.Created), FromMs(r.Updated), r.Description, r.User, r.Source, r.RunId,
            r.Status switch { "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration, "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration, _ => ModelVersionStatus.Ready },
            tags.Where(t => t.Item1 == r.Version).ToDictionary(t => t.Item2, t => t.Item3),
            [.. aliases.Where(a => a.Item1 == r.Version).Select(a => a.Item2)],
            PackageJson.Deserialize(r.Package)))];
    }
}
