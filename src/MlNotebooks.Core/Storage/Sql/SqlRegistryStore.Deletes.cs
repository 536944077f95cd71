using MlNotebooks.Registry;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlRegistryStore
{
    public Task DeleteRegisteredModelAsync(string name, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            foreach (var table in (string[])["model_version_tags", "model_versions", "registered_model_tags", "registered_model_aliases", "model_alias_history", "model_gates", "model_approvals", "registered_models"])
                await c.ExecAsync(tx, $"DELETE FROM {table} WHERE name = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task RenameRegisteredModelAsync(string name, string newName, AuditEntry audit, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(newName);
        return WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            if (await c.ScalarAsync(tx, "SELECT 1 FROM registered_models WHERE name = @n", cancellationToken, ("@n", newName)).ConfigureAwait(false) is not null)
                throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"registered model '{newName}' already exists; choose another new_name");
            // Foreign keys point at the old name: copy the parents under the new name, move the children, then drop the old parents.
            await c.ExecAsync(tx, "INSERT INTO registered_models (name, description, creation_time, last_updated_time) SELECT @new, description, creation_time, @t FROM registered_models WHERE name = @n",
                cancellationToken, ("@new", newName), ("@t", Ms(time)), ("@n", name)).ConfigureAwait(false);
            await c.ExecAsync(tx, $"INSERT INTO model_versions ({VersionColumns}) SELECT @new, {VersionColumns[(VersionColumns.IndexOf(',') + 1)..]} FROM model_versions WHERE name = @n",
                cancellationToken, ("@new", newName), ("@n", name)).ConfigureAwait(false);
            foreach (var table in (string[])["registered_model_tags", "model_version_tags", "registered_model_aliases", "model_alias_history", "model_gates", "model_approvals", "model_audit"])
                await c.ExecAsync(tx, $"UPDATE {table} SET name = @new WHERE name = @n", cancellationToken, ("@new", newName), ("@n", name)).ConfigureAwait(false);
            await c.ExecAsync(tx, "DELETE FROM model_versions WHERE name = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
            await c.ExecAsync(tx, "DELETE FROM registered_models WHERE name = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit with { ModelName = newName }, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            return await c.ExecAsync(tx, "DELETE FROM registered_model_tags WHERE name = @n AND key = @k", cancellationToken, ("@n", name), ("@k", key)).ConfigureAwait(false);
        }, cancellationToken);

    public Task DeleteModelVersionAsync(string name, int version, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureVersionAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false);
            foreach (var table in (string[])["model_version_tags", "registered_model_aliases", "model_alias_history", "model_approvals", "model_versions"])
                await c.ExecAsync(tx, $"DELETE FROM {table} WHERE name = @n AND version = @v", cancellationToken, ("@n", name), ("@v", version)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureVersionAsync(c, tx, name, version, cancellationToken).ConfigureAwait(false);
            return await c.ExecAsync(tx, "DELETE FROM model_version_tags WHERE name = @n AND version = @v AND key = @k", cancellationToken, ("@n", name), ("@v", version), ("@k", key)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<int?> DeleteAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WithWriteAsync(async (c, tx) =>
        {
            await EnsureModelAsync(c, tx, name, cancellationToken).ConfigureAwait(false);
            var current = await CurrentAsync(c, tx, name, alias, cancellationToken).ConfigureAwait(false);
            if (current is null) return null;
            await c.ExecAsync(tx, "DELETE FROM registered_model_aliases WHERE name = @n AND alias = @a", cancellationToken, ("@n", name), ("@a", alias)).ConfigureAwait(false);
            await c.ExecAsync(tx, "DELETE FROM model_alias_history WHERE name = @n AND alias = @a", cancellationToken, ("@n", name), ("@a", alias)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit with { Version = current }, cancellationToken).ConfigureAwait(false);
            return current;
        }, cancellationToken);
}
