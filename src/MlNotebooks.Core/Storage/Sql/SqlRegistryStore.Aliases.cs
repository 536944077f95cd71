using System.Data.Common;
using MlNotebooks.Registry;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlRegistryStore
{
    public Task<int?> SetAliasAsync(string name, string alias, int version, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateAlias(alias);
        return WithWriteAsync(async (c, tx) =>
        {
            await EnsureVersionAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false);
            var previous = await CurrentAsync(c, tx, name, alias, cancellationToken).ConfigureAwait(false);
            await c.ExecAsync(tx, "DELETE FROM registered_model_aliases WHERE name = @n AND alias = @a", cancellationToken, ("@n", name), ("@a", alias)).ConfigureAwait(false);
            await c.ExecAsync(tx, "INSERT INTO registered_model_aliases (name, alias, version) VALUES (@n, @a, @v)", cancellationToken, ("@n", name), ("@a", alias), ("@v", version)).ConfigureAwait(false);
            if (previous != version)
                await c.ExecAsync(tx, "INSERT INTO model_alias_history (name, alias, version) VALUES (@n, @a, @v)", cancellationToken, ("@n", name), ("@a", alias), ("@v", version)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit with { PreviousVersion = previous }, cancellationToken).ConfigureAwait(false);
            return previous;
        }, cancellationToken);
    }

    public Task<int> RollbackAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            var current = await CurrentAsync(c, tx, name, alias, cancellationToken).ConfigureAwait(false)
                ?? throw MlnbException.State($"model '{name}' has no alias '{alias}' to roll back; promote a version with `mlnb models promote {name} --version N --to {alias}`");
            var history = await c.QueryAsync(tx, "SELECT seq, version FROM model_alias_history WHERE name = @n AND alias = @a ORDER BY seq DESC",
                r => (Seq: r.GetInt64Flexible(0), Version: (int)r.GetInt64Flexible(1)), cancellationToken, ("@n", name), ("@a", alias)).ConfigureAwait(false);
            if (history.Count < 2)
                throw MlnbException.State($"alias '{alias}' of model '{name}' has no previous version (it has only ever pointed at version {current}); promote another version instead");
            await c.ExecAsync(tx, "DELETE FROM model_alias_history WHERE seq = @s", cancellationToken, ("@s", history[0].Seq)).ConfigureAwait(false);
            var target = history[1].Version;
            await c.ExecAsync(tx, "UPDATE registered_model_aliases SET version = @v WHERE name = @n AND alias = @a", cancellationToken, ("@v", target), ("@n", name), ("@a", alias)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit with { Version = target, PreviousVersion = current }, cancellationToken).ConfigureAwait(false);
            return target;
        }, cancellationToken);

    public Task<IReadOnlyList<int>> GetAliasHistoryAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<int>>(async c =>
            await c.QueryAsync(null, "SELECT version FROM model_alias_history WHERE name = @n AND alias = @a ORDER BY seq", r => (int)r.GetInt64Flexible(0), cancellationToken,
                ("@n", name), ("@a", alias)).ConfigureAwait(false), cancellationToken);

    private static async Task<int?> CurrentAsync(DbConnection c, DbTransaction? tx, string name, string alias, CancellationToken ct)
    {
        var v = await c.ScalarAsync(tx, "SELECT version FROM registered_model_aliases WHERE name = @n AND alias = @a", ct, ("@n", name), ("@a", alias)).ConfigureAwait(false);
        return v is null ? null : Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task SetGatesAsync(string name, string alias, IReadOnlyList<string> gates, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateAlias(alias);
        return WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            await c.ExecAsync(tx, "DELETE FROM model_gates WHERE name = @n AND alias = @a", cancellationToken, ("@n", name), ("@a", alias)).ConfigureAwait(false);
            if (gates.Count > 0)
                await c.ExecAsync(tx, "INSERT INTO model_gates (name, alias, gates) VALUES (@n, @a, @g)", cancellationToken,
                    ("@n", name), ("@a", alias), ("@g", System.Text.Json.JsonSerializer.Serialize(gates))).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGatesAsync(string name, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyDictionary<string, IReadOnlyList<string>>>(async c =>
        {
            var rows = await c.QueryAsync(null, "SELECT alias, gates FROM model_gates WHERE name = @n ORDER BY alias", r => (r.GetString(0), r.GetString(1)), cancellationToken, ("@n", name)).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Item1, r => (IReadOnlyList<string>)(System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.Item2) ?? []));
        }, cancellationToken);

    public Task AddApprovalAsync(Approval approval, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureVersionAsync(c, tx, approval.ModelName, approval.Version, cancellationToken).ConfigureAwait(false);
            await c.ExecAsync(tx, "INSERT INTO model_approvals (name, version, alias, actor, approved, time, comment) VALUES (@n, @v, @a, @who, @ok, @t, @c)", cancellationToken,
                ("@n", approval.ModelName), ("@v", approval.Version), ("@a", approval.Alias), ("@who", approval.Actor), ("@ok", approval.Approved ? 1 : 0),
                ("@t", Ms(approval.Time)), ("@c", approval.Comment)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<Approval>> ListApprovalsAsync(string name, int version, string alias, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<Approval>>(async c =>
            await c.QueryAsync(null, "SELECT actor, approved, time, comment FROM model_approvals WHERE name = @n AND version = @v AND alias = @a ORDER BY seq",
                r => new Approval(name, version, alias, r.GetString(0), r.GetInt64Flexible(1) != 0, FromMs(r.GetInt64Flexible(2)), r.GetString(3)), cancellationToken,
                ("@n", name), ("@v", version), ("@a", alias)).ConfigureAwait(false), cancellationToken);

    public Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string name, CancellationToken cancellationToken = default) =>
        WithConnectionAsync<IReadOnlyList<AuditEntry>>(async c =>
            await c.QueryAsync(null, "SELECT id, action, alias, version, previous_version, actor, time, reason FROM model_audit WHERE name = @n ORDER BY id",
                r => new AuditEntry(r.GetInt64Flexible(0), name, r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                    r.IsDBNull(3) ? null : (int)r.GetInt64Flexible(3), r.IsDBNull(4) ? null : (int)r.GetInt64Flexible(4),
                    r.GetString(5), FromMs(r.GetInt64Flexible(6)), r.GetString(7)), cancellationToken, ("@n", name)).ConfigureAwait(false), cancellationToken);
}
