using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace MlNotebooks.Storage.Sql;

/// <summary>The shared hub's store: PostgreSQL through Npgsql, same schema and queries as SQLite.</summary>
internal sealed class PostgresDatabase : SqlDatabase
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _host;
    private readonly string _database;
    private readonly string _user;

    public PostgresDatabase(string uri)
    {
        var builder = ParseUri(uri);
        _host = $"{builder.Host}:{builder.Port}";
        _database = builder.Database ?? "postgres";
        _user = builder.Username ?? "postgres";
        DisplayUri = $"postgresql://{_user}@{_host}/{_database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string DisplayUri { get; }

    public override string Dialect => "postgresql";

    protected override string AutoPrimaryKey => "BIGSERIAL PRIMARY KEY";

    protected override string DoubleType => "DOUBLE PRECISION";

    internal static NpgsqlConnectionStringBuilder ParseUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || string.IsNullOrEmpty(u.Host))
            throw new MlnbException(ErrorCode.InvalidParameterValue, $"PostgreSQL URI '{uri}' is not valid; write postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.Port > 0 ? u.Port : 5432,
            Database = u.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
            Timeout = 5,
            CommandTimeout = 120,
            MaxPoolSize = 20,
        };
        if (!string.IsNullOrEmpty(u.UserInfo))
        {
            var parts = u.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        else builder.Username = Environment.GetEnvironmentVariable("PGUSER") ?? "postgres";
        return builder;
    }

    protected override async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, tx, "SELECT pg_advisory_xact_lock(727274)", cancellationToken).ConfigureAwait(false);
        await ApplyMigrationsAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override (string Sql, string Value) Like(string column, string parameter, string pattern, bool caseSensitive) =>
        (caseSensitive ? $"{column} LIKE {parameter}" : $"{column} ILIKE {parameter}", pattern);

    public override bool IsUniqueViolation(Exception exception) => exception is PostgresException { SqlState: "23505" };

    public override MlnbException? Translate(Exception exception) => exception switch
    {
        MlnbException m => m,
        PostgresException { SqlState: "28P01" or "28000" } => new MlnbException(ErrorCode.StoreUnavailable, $"PostgreSQL at {_host} refused user '{_user}' ({((PostgresException)exception).MessageText}); check the user and password in the tracking URI", exception),
        PostgresException { SqlState: "3D000" } => new MlnbException(ErrorCode.StoreUnavailable, $"database '{_database}' does not exist on PostgreSQL at {_host}; create it with `createdb -h {_host.Split(':')[0]} {_database}`", exception),
        NpgsqlException { InnerException: SocketException se } => Unreachable(se.Message, exception),
        NpgsqlException { InnerException: TimeoutException } => Unreachable("timed out after 5 s", exception),
        NpgsqlException n when n.Message.Contains("connect", StringComparison.OrdinalIgnoreCase) => Unreachable(n.Message, exception),
        SocketException se => Unreachable(se.Message, exception),
        _ => null,
    };

    private MlnbException Unreachable(string why, Exception inner) =>
        new(ErrorCode.StoreUnavailable, $"cannot reach PostgreSQL at {_host} ({why}); start the server or fix the tracking URI (MLNB_TRACKING_URI / --tracking-uri)", inner);

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
