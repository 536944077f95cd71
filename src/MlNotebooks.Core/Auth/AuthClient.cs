using MlNotebooks.Storage.Sql;

namespace MlNotebooks.Auth;

/// <summary>
/// Users, API tokens and permissions of a shared server. Tokens are shown once when issued and stored as their
/// SHA-256; a revoked token never authenticates again. Permissions follow MLflow basic-auth: a grant per user and
/// experiment or registered model, <see cref="AuthOptions.DefaultPermission"/> without one, admins bypass.
/// </summary>
public sealed partial class AuthClient
{
    /// <summary>Users and grants in a workspace's database.</summary>
    public AuthClient(Workspace workspace, AuthOptions? options = null)
        : this(new SqlAuthStore(workspace.Database), options)
    {
    }

    /// <summary>Users and grants in any store.</summary>
    public AuthClient(IAuthStore store, AuthOptions? options = null)
    {
        Store = store;
        Options = options ?? new AuthOptions();
    }

    /// <summary>The underlying store.</summary>
    public IAuthStore Store { get; }

    /// <summary>Default permission and clock.</summary>
    public AuthOptions Options { get; }

    private DateTimeOffset Now => Options.Time.GetUtcNow();

    /// <summary>Adds a local user and issues its first token (the secret is in the result, and nowhere else).</summary>
    public async Task<IssuedToken> AddUserAsync(string name, bool isAdmin, CancellationToken cancellationToken = default)
    {
        AuthNames.ValidateUser(name);
        await Store.CreateUserAsync(name, isAdmin, "local", Now, cancellationToken).ConfigureAwait(false);
        return await CreateTokenAsync(name, "created with the user", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Issues another token for an existing user.</summary>
    public async Task<IssuedToken> CreateTokenAsync(string userName, string description = "", CancellationToken cancellationToken = default)
    {
        var user = await GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
        var secret = ApiTokens.NewSecret();
        var token = await Store.CreateTokenAsync(ApiTokens.NewId(), user.Name, ApiTokens.Hash(secret), description, Now, cancellationToken).ConfigureAwait(false);
        return new IssuedToken(user, token, secret);
    }

    /// <summary>Gets a user; fails with the fix when there is none.</summary>
    public async Task<AuthUser> GetUserAsync(string name, CancellationToken cancellationToken = default) =>
        await Store.GetUserAsync(name, cancellationToken).ConfigureAwait(false) ?? throw SqlAuthStore.NoUser(name);

    /// <summary>Every user.</summary>
    public Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken = default) => Store.ListUsersAsync(cancellationToken);

    /// <summary>Tokens of a user, or of everyone.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName = null, CancellationToken cancellationToken = default)
    {
        if (userName is not null) await GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
        return await Store.ListTokensAsync(userName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes one token by its id; fails when no valid token has it.</summary>
    public async Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await Store.RevokeTokensAsync(id, null, Now, cancellationToken).ConfigureAwait(false) > 0) return;
        var known = (await Store.ListTokensAsync(null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Id == id);
        throw known is null
            ? MlnbException.NotFound($"no token has id '{id}'; list them with `mlnb server tokens list`")
            : MlnbException.State($"token '{id}' of user '{known.UserName}' was revoked already");
    }

    /// <summary>Revokes every valid token of a user; returns how many.</summary>
    public async Task<int> RevokeUserTokensAsync(string userName, CancellationToken cancellationToken = default)
    {
        await GetUserAsync(userName, cancellationToken).ConfigureAwait(false);
        return await Store.RevokeTokensAsync(null, userName, Now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owner of a valid token, or null for an unknown or revoked one.</summary>
    public Task<AuthUser?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(secret) ? Task.FromResult<AuthUser?>(null) : Store.FindUserByTokenHashAsync(ApiTokens.Hash(secret), cancellationToken);

    /// <summary>
    /// The user of an outside identity (a JupyterHub user), added on first sight. The admin flag follows the
    /// identity provider for users it added; local users keep theirs.
    /// </summary>
    public async Task<AuthUser> EnsureUserAsync(string name, bool isAdmin, string source, CancellationToken cancellationToken = default)
    {
        AuthNames.ValidateUser(name);
        var user = await Store.GetUserAsync(name, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            try
            {
                return await Store.CreateUserAsync(name, isAdmin, source, Now, cancellationToken).ConfigureAwait(false);
            }
            catch (MlnbException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
            {
                user = await GetUserAsync(name, cancellationToken).ConfigureAwait(false); // added by a concurrent request
            }
        }
        if (user.Source == source && user.IsAdmin != isAdmin)
        {
            await Store.SetAdminAsync(name, isAdmin, cancellationToken).ConfigureAwait(false);
            user = user with { IsAdmin = isAdmin };
        }
        return user;
    }
}
