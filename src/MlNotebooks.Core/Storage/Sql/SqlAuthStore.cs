using System.Data.Common;
using MlNotebooks.Auth;

namespace MlNotebooks.Storage.Sql;

/// <summary>Users, token hashes and grants over SQLite or PostgreSQL, in the workspace's database.</summary>
internal sealed partial class SqlAuthStore(SqlDatabase database) : IAuthStore
{
    private const string UserColumns = "name, is_admin, source, creation_time";

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static AuthUser ReadUser(DbDataReader r) => new(r.GetString(0), r.GetInt64Flexible(1) != 0, r.GetString(2), FromMs(r.GetInt64Flexible(3)));

    private static ApiToken ReadToken(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), FromMs(r.GetInt64Flexible(3)), r.IsDBNull(4) ? null : FromMs(r.GetInt64Flexible(4)));

    internal static MlnbException NoUser(string name) =>
        MlnbException.NotFound($"user '{name}' does not exist; add it with `mlnb server users add {name}`");

    public Task<AuthUser> CreateUserAsync(string name, bool isAdmin, string source, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync(async (c, tx) =>
        {
            try
            {
                await c.ExecAsync(tx, $"INSERT INTO auth_users ({UserColumns}) VALUES (@n, @a, @s, @t)", cancellationToken,
                    ("@n", name), ("@a", isAdmin ? 1 : 0), ("@s", source), ("@t", Ms(time))).ConfigureAwait(false);
            }
            catch (Exception e) when (database.IsUniqueViolation(e))
            {
                throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"user '{name}' already exists; give it another token with `mlnb server tokens create {name}`");
            }
            return new AuthUser(name, isAdmin, source, FromMs(Ms(time)));
        }, cancellationToken);

    public Task<AuthUser?> GetUserAsync(string name, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(async c =>
            (await c.QueryAsync(null, $"SELECT {UserColumns} FROM auth_users WHERE name = @n", ReadUser, cancellationToken, ("@n", name)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync<IReadOnlyList<AuthUser>>(async c =>
            await c.QueryAsync(null, $"SELECT {UserColumns} FROM auth_users ORDER BY name", ReadUser, cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task SetAdminAsync(string name, bool isAdmin, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync(async (c, tx) =>
        {
            if (await c.ExecAsync(tx, "UPDATE auth_users SET is_admin = @a WHERE name = @n", cancellationToken, ("@a", isAdmin ? 1 : 0), ("@n", name)).ConfigureAwait(false) == 0)
                throw NoUser(name);
            return 0;
        }, cancellationToken);

    public Task<ApiToken> CreateTokenAsync(string id, string userName, string secretHash, string description, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync(tx, "SELECT 1 FROM auth_users WHERE name = @n", cancellationToken, ("@n", userName)).ConfigureAwait(false) is null) throw NoUser(userName);
            await c.ExecAsync(tx, "INSERT INTO auth_tokens (id, user_name, secret_sha256, description, creation_time) VALUES (@i, @u, @h, @d, @t)", cancellationToken,
                ("@i", id), ("@u", userName), ("@h", secretHash), ("@d", description), ("@t", Ms(time))).ConfigureAwait(false);
            return new ApiToken(id, userName, description, FromMs(Ms(time)), null);
        }, cancellationToken);

    public Task<AuthUser?> FindUserByTokenHashAsync(string secretHash, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync(async c =>
            (await c.QueryAsync(null, "SELECT u.name, u.is_admin, u.source, u.creation_time FROM auth_tokens t JOIN auth_users u ON u.name = t.user_name WHERE t.secret_sha256 = @h AND t.revoked_time IS NULL",
                ReadUser, cancellationToken, ("@h", secretHash)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken = default) =>
        database.WithConnectionAsync<IReadOnlyList<ApiToken>>(async c =>
            await c.QueryAsync(null, $"SELECT id, user_name, description, creation_time, revoked_time FROM auth_tokens{(userName is null ? "" : " WHERE user_name = @u")} ORDER BY creation_time, id",
                ReadToken, cancellationToken, ("@u", userName ?? "")).ConfigureAwait(false), cancellationToken);

    public Task<int> RevokeTokensAsync(string? id, string? userName, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        database.WithWriteAsync((c, tx) =>
            c.ExecAsync(tx, "UPDATE auth_tokens SET revoked_time = @t WHERE revoked_time IS NULL" + (id is null ? "" : " AND id = @i") + (userName is null ? "" : " AND user_name = @u"), cancellationToken,
                ("@t", Ms(time)), ("@i", id ?? ""), ("@u", userName ?? "")), cancellationToken);
}
