namespace MlNotebooks.Auth;

public sealed partial class AuthClient
{
    /// <summary>Grants <paramref name="permission"/> to a user on an experiment (by id) or a registered model (by name).</summary>
    public async Task SetPermissionAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(resource))
            throw MlnbException.Invalid($"the {kind.Describe()} to grant on is empty; pass {(kind == ResourceKind.Experiment ? "--experiment ID" : "--model NAME")}");
        await GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
        await Store.SetPermissionAsync(kind, resource, userName, permission, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a user's grant on a resource (the default permission applies again).</summary>
    public async Task DeletePermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken = default)
    {
        if (!await Store.DeletePermissionAsync(kind, resource, userName, cancellationToken).ConfigureAwait(false))
            throw MlnbException.NotFound($"user '{userName}' has no grant on {kind.Describe()} '{resource}'; list grants with `mlnb server permissions list --user {userName}`");
    }

    /// <summary>Grants, filtered (null: all).</summary>
    public Task<IReadOnlyList<PermissionGrant>> ListPermissionsAsync(ResourceKind? kind = null, string? resource = null, string? userName = null, CancellationToken cancellationToken = default) =>
        Store.ListPermissionsAsync(kind, resource, userName, cancellationToken);

    /// <summary>What <paramref name="user"/> may do on a resource: MANAGE for admins, else the grant, else the default.</summary>
    public async Task<Permission> GetEffectivePermissionAsync(AuthUser user, ResourceKind kind, string resource, CancellationToken cancellationToken = default)
    {
        if (user.IsAdmin) return Permission.Manage;
        return await Store.GetPermissionAsync(kind, resource, user.Name, cancellationToken).ConfigureAwait(false) ?? Options.DefaultPermission;
    }

    /// <summary>True when <paramref name="user"/> may do <paramref name="need"/> on the resource.</summary>
    public async Task<bool> IsAllowedAsync(AuthUser user, ResourceKind kind, string resource, Capability need, CancellationToken cancellationToken = default) =>
        need == Capability.None || (await GetEffectivePermissionAsync(user, kind, resource, cancellationToken).ConfigureAwait(false)).Allows(need);

    /// <summary>
    /// A filter for search results: true for the resources <paramref name="user"/> may read. Reads the user's grants
    /// once, so a page of results costs one query.
    /// </summary>
    public async Task<Func<string, bool>> ReadableFilterAsync(AuthUser user, ResourceKind kind, CancellationToken cancellationToken = default)
    {
        if (user.IsAdmin) return _ => true;
        var grants = (await Store.ListPermissionsAsync(kind, null, user.Name, cancellationToken).ConfigureAwait(false))
            .ToDictionary(g => g.Resource, g => g.Permission.CanRead, StringComparer.Ordinal);
        var fallback = Options.DefaultPermission.CanRead;
        return resource => grants.TryGetValue(resource, out var canRead) ? canRead : fallback;
    }

    /// <summary>Gives the creator of a resource MANAGE on it (MLflow's after-create rule).</summary>
    public Task GrantCreatorAsync(AuthUser creator, ResourceKind kind, string resource, CancellationToken cancellationToken = default) =>
        Store.SetPermissionAsync(kind, resource, creator.Name, Permission.Manage, cancellationToken);
}
