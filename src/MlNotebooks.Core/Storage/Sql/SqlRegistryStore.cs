using System.Data.Common;
using MlNotebooks.Registry;
using MlNotebooks.Tracking;

namespace MlNotebooks.Storage.Sql;

/// <summary>The registry store over SQLite or PostgreSQL, sharing the workspace's database with tracking.</summary>
internal sealed partial class SqlRegistryStore(SqlDatabase database) : IRegistryStore
{
    private Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> action, CancellationToken cancellationToken) =>
        database.WithConnectionAsync(action, cancellationToken);

    private Task<T> WithWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        database.WithWriteAsync(action, cancellationToken);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static MlnbException NoModel(string name) =>
        MlnbException.NotFound($"registered model '{name}' does not exist; register a version with `mlnb models register --run RUN_ID --artifact PATH --name {name}`");

    private static async Task EnsureModelAsync(DbConnection c, DbTransaction? tx, string name, CancellationToken ct)
    {
        if (await c.ScalarAsync(tx, "SELECT 1 FROM registered_models WHERE name = @n", ct, ("@n", name)).ConfigureAwait(false) is null) throw NoModel(name);
    }

    private static async Task EnsureVersionAsync(DbConnection c, DbTransaction? tx, string name, int version, CancellationToken ct)
    {
        if (await c.ScalarAsync(tx, "SELECT 1 FROM model_versions WHERE name = @n AND version = @v", ct, ("@n", name), ("@v", version)).ConfigureAwait(false) is null)
        {
            await EnsureModelAsync(c, tx, name, ct).ConfigureAwait(false);
            throw MlnbException.NotFound($"model '{name}' has no version {version}; list its versions with `mlnb models show {name}`");
        }
    }

    private static Task InsertAuditAsync(DbConnection c, DbTransaction? tx, AuditEntry a, CancellationToken ct) =>
        c.ExecAsync(tx, "INSERT INTO model_audit (name, action, alias, version, previous_version, actor, time, reason) VALUES (@n, @a, @al, @v, @p, @who, @t, @r)", ct,
            ("@n", a.ModelName), ("@a", a.Action), ("@al", a.Alias), ("@v", a.Version), ("@p", a.PreviousVersion), ("@who", a.Actor), ("@t", Ms(a.Time)), ("@r", a.Reason));

    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        return WithWriteAsync(async (c, tx) =>
        {
            try
            {
                await c.ExecAsync(tx, "INSERT INTO registered_models (name, description, creation_time, last_updated_time) VALUES (@n, @d, @t, @t)", cancellationToken,
                    ("@n", name), ("@d", description), ("@t", Ms(time))).ConfigureAwait(false);
            }
            catch (Exception e) when (database.IsUniqueViolation(e))
            {
                throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"registered model '{name}' already exists; register a new version of it instead");
            }
            foreach (var (k, v) in tags ?? new Dictionary<string, string>())
                await c.ExecAsync(tx, "INSERT INTO registered_model_tags (name, key, value) VALUES (@n, @k, @v)", cancellationToken, ("@n", name), ("@k", k), ("@v", v)).ConfigureAwait(false);
            return (await ReadModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        WithConnectionAsync(c => ReadModelAsync(c, null, name, cancellationToken), cancellationToken);

    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        SqlTrackingStore.ValidateMaxResults(maxResults);
        var offset = SqlTrackingStore.ParsePageToken(pageToken);
        return WithConnectionAsync(async c =>
        {
            var names = await c.QueryAsync(null, "SELECT name FROM registered_models ORDER BY name LIMIT @l OFFSET @o", r => r.GetString(0), cancellationToken,
                ("@l", maxResults + 1), ("@o", offset)).ConfigureAwait(false);
            var items = new List<RegisteredModel>();
            foreach (var n in names.Take(maxResults)) items.Add((await ReadModelAsync(c, null, n, cancellationToken).ConfigureAwait(false))!);
            return new Page<RegisteredModel>(items, names.Count > maxResults ? SqlTrackingStore.MakePageToken(offset + maxResults) : null);
        }, cancellationToken);
    }

    public Task UpdateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            if (description is not null)
                await c.ExecAsync(tx, "UPDATE registered_models SET description = @d WHERE name = @n", cancellationToken, ("@d", description), ("@n", name)).ConfigureAwait(false);
            foreach (var (k, v) in tags ?? new Dictionary<string, string>())
            {
                await c.ExecAsync(tx, "DELETE FROM registered_model_tags WHERE name = @n AND key = @k", cancellationToken, ("@n", name), ("@k", k)).ConfigureAwait(false);
                await c.ExecAsync(tx, "INSERT INTO registered_model_tags (name, key, value) VALUES (@n, @k, @v)", cancellationToken, ("@n", name), ("@k", k), ("@v", v)).ConfigureAwait(false);
            }
            await c.ExecAsync(tx, "UPDATE registered_models SET last_updated_time = @t WHERE name = @n", cancellationToken, ("@t", Ms(time)), ("@n", name)).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private static async Task<RegisteredModel?> ReadModelAsync(DbConnection c, DbTransaction? tx, string name, CancellationToken ct)
    {
        var rows = await c.QueryAsync(tx, "SELECT description, creation_time, last_updated_time FROM registered_models WHERE name = @n",
            r => (Description: r.GetString(0), Created: r.GetInt64Flexible(1), Updated: r.GetInt64Flexible(2)), ct, ("@n", name)).ConfigureAwait(false);
        if (rows.Count == 0) return null;
        var tags = (await c.QueryAsync(tx, "SELECT key, value FROM registered_model_tags WHERE name = @n ORDER BY key", r => (r.GetString(0), r.GetString(1)), ct, ("@n", name)).ConfigureAwait(false))
            .ToDictionary(t => t.Item1, t => t.Item2);
        var aliases = (await c.QueryAsync(tx, "SELECT alias, version FROM registered_model_aliases WHERE name = @n ORDER BY alias", r => (r.GetString(0), (int)r.GetInt64Flexible(1)), ct, ("@n", name)).ConfigureAwait(false))
            .ToDictionary(t => t.Item1, t => t.Item2);
        var latest = await c.ScalarAsync(tx, "SELECT MAX(version) FROM model_versions WHERE name = @n", ct, ("@n", name)).ConfigureAwait(false);
        var row = rows[0];
        return new RegisteredModel(name, FromMs(row.Created), FromMs(row.Updated), row.Description, tags, aliases,
            latest is null ? 0 : Convert.ToInt32(latest, System.Globalization.CultureInfo.InvariantCulture));
    }
}
