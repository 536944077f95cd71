using Npgsql;

namespace MlNotebooks.Tests.Support;

/// <summary>
/// Makes a fresh, empty store URI of each backend. PostgreSQL comes from MLNB_TEST_POSTGRES_URI, which ./test.sh
/// sets after starting Debian's PostgreSQL on 127.0.0.1; each call creates its own database.
/// </summary>
public static class StoreFactory
{
    public const string PostgresVariable = "MLNB_TEST_POSTGRES_URI";

    /// <summary>Where scripts/services/10-postgres.sh starts the server.</summary>
    public const string DefaultUri = "postgresql://postgres@127.0.0.1:54329/postgres";

    public static string SqliteUri(TempDir dir) => "sqlite:///" + dir.File("mlnb.db");

    public static async Task<string> NewPostgresUriAsync()
    {
        // ./test.sh starts PostgreSQL and sets the variable; a plain `dotnet test` afterwards finds the same server.
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin)) admin = DefaultUri;
        var u = new Uri(admin);
        var name = "mlnb_t_" + Guid.NewGuid().ToString("N")[..16];
        var cs = $"Host={u.Host};Port={u.Port};Username={u.UserInfo.Split(':')[0]};Database={u.AbsolutePath.Trim('/')};Timeout=10";
        await using (var conn = new NpgsqlConnection(cs))
        {
            try
            {
                await conn.OpenAsync();
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"no PostgreSQL at {admin} ({e.Message}): run the tests with ./test.sh, which starts PostgreSQL on 127.0.0.1 and sets {PostgresVariable}", e);
            }
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return $"postgresql://{u.UserInfo}@{u.Host}:{u.Port}/{name}";
    }

    /// <summary>Drops a database made by <see cref="NewPostgresUriAsync"/> (tests create one each; CI machines are reused).</summary>
    public static async Task DropPostgresAsync(string uri)
    {
        var u = new Uri(uri);
        var name = u.AbsolutePath.Trim('/');
        if (!name.StartsWith("mlnb_t_", StringComparison.Ordinal)) throw new ArgumentException($"not a test database: {uri}");
        NpgsqlConnection.ClearAllPools();
        var admin = new Uri(Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } v ? v : DefaultUri);
        await using var conn = new NpgsqlConnection($"Host={u.Host};Port={u.Port};Username={u.UserInfo.Split(':')[0]};Database={admin.AbsolutePath.Trim('/')};Timeout=10");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
