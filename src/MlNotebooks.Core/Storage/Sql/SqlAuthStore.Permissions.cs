using MlNotebooks.Auth;

namespace MlNotebooks.Storage.Sql;

internal sealed partial class SqlAuthStore
{
    private static string Kind(ResourceKind kind) => kind == ResourceKind.Experiment ? "experiment" : "registered_model";

    public Task SetPermissionAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync(tx, "SELECT 1 FROM auth_users WHERE name = @n", cancellationToken, ("@n", userName)).ConfigureAwait(false) is null) throw NoUser(userName);
            await c.ExecAsync(tx, "DELETE FROM auth_permissions WHERE kind = @k AND resource = @r AND user_name = @u", cancellationToken,
                ("@k", Kind(kind)), ("@r", resource), ("@u", userName)).ConfigureAwait(false);
            await c.ExecAsync(tx, "INSERT INTO auth_permissions (kind, resource, user_name, permission) VALUES (@k, @r, @u, @p)", cancellationToken,
                ("@k", Kind(kind)), ("@r", resource), ("@u", userName), ("@p", permission.Name)).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task<Permission?> GetPermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(async c =>
        {
            var name = await c.ScalarAsync(null, "SELECT permission FROM auth_permissions WHERE kind = @k AND resource = @r AND user_name = @u", cancellationToken,
                ("@k", Kind(kind)), ("@r", resource), ("@u", userName)).ConfigureAwait(false) as string;
            return name is null ? null : Permission.Parse(name);
        }, cancellationToken);

    public Task<bool> DeletePermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync(async (c, tx) =>
            await c.ExecAsync(tx, "DELETE FROM auth_permissions WHERE kind = @k AND resource = @r AND user_name = @u", cancellationToken,
                ("@k", Kind(kind)), ("@r", resource), ("@u", userName)).ConfigureAwait(false) > 0, cancellationToken);

    public Task<IReadOnlyList<PermissionGrant>> ListPermissionsAsync(ResourceKind? kind, string? resource, string? userName, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync<IReadOnlyList<PermissionGrant>>(async c =>
            await c.QueryAsync(null, "SELECT kind, resource, user_name, permission FROM auth_permissions WHERE 1 = 1" + (kind is null ? "" : " AND kind = @k")
                    + (resource is null ? "" : " AND resource = @r") + (userName is null ? "" : " AND user_name = @u") + " ORDER BY kind, resource, user_name",
                r => new PermissionGrant(r.GetString(0) == "experiment" ? ResourceKind.Experiment : ResourceKind.RegisteredModel, r.GetString(1), r.GetString(2), Permission.Parse(r.GetString(3))),
                cancellationToken, ("@k", kind is { } k ? Kind(k) : ""), ("@r", resource ?? ""), ("@u", userName ?? "")).ConfigureAwait(false), cancellationToken);

    public Task RenameResourceAsync(ResourceKind kind, string oldName, string newName, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync((c, tx) =>
            c.ExecAsync(tx, "UPDATE auth_permissions SET resource = @new WHERE kind = @k AND resource = @old", cancellationToken,
                ("@new", newName), ("@k", Kind(kind)), ("@old", oldName)), cancellationToken);

    public Task DeleteResourceAsync(ResourceKind kind, string resource, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync((c, tx) =>
            c.ExecAsync(tx, "DELETE FROM auth_permissions WHERE kind = @k AND resource = @r", cancellationToken, ("@k", Kind(kind)), ("@r", resource)), cancellationToken);
}
