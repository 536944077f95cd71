namespace MlNotebooks.Auth;

/// <summary>
/// Where users, token hashes and permission grants live: tables beside tracking and registry in the workspace's
/// database (SQLite or PostgreSQL), added by the same migrations.
/// </summary>
public interface IAuthStore
{
    /// <summary>Adds a user; fails with ResourceAlreadyExists when the name is taken.</summary>
    Task<AuthUser> CreateUserAsync(string name, bool isAdmin, string source, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Gets a user, or null.</summary>
    Task<AuthUser?> GetUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets or clears a user's admin flag.</summary>
    Task SetAdminAsync(string name, bool isAdmin, CancellationToken cancellationToken = default);

    /// <summary>Stores a token by the SHA-256 of its secret.</summary>
    Task<ApiToken> CreateTokenAsync(string id, string userName, string secretHash, string description, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>The owner of a valid (not revoked) token with this hash, or null.</summary>
    Task<AuthUser?> FindUserByTokenHashAsync(string secretHash, CancellationToken cancellationToken = default);

    /// <summary>Tokens, of one user or all, oldest first.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken = default);

    /// <summary>Revokes tokens by id or of a user; returns how many were valid and now are not.</summary>
    Task<int> RevokeTokensAsync(string? id, string? userName, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Grants a permission (replacing the user's previous one on that resource).</summary>
    Task SetPermissionAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken = default);

    /// <summary>The user's grant on a resource, or null when none.</summary>
    Task<Permission?> GetPermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken = default);

    /// <summary>Removes a grant; returns false when there was none.</summary>
    Task<bool> DeletePermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken = default);

    /// <summary>Grants, filtered by kind, resource and user (null: all).</summary>
    Task<IReadOnlyList<PermissionGrant>> ListPermissionsAsync(ResourceKind? kind, string? resource, string? userName, CancellationToken cancellationToken = default);

    /// <summary>Moves every grant on a resource to its new name (a renamed registered model keeps its grants).</summary>
    Task RenameResourceAsync(ResourceKind kind, string oldName, string newName, CancellationToken cancellationToken = default);

    /// <summary>Removes every grant on a resource (a deleted registered model's name can be reused by someone else).</summary>
    Task DeleteResourceAsync(ResourceKind kind, string resource, CancellationToken cancellationToken = default);
}
