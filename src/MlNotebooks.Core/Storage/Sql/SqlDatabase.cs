using System.Data.Common;

namespace MlNotebooks.Storage.Sql;

/// <summary>
/// A relational database behind a store: opens connections, begins write transactions, applies migrations once,
/// and hides the few differences between SQLite and PostgreSQL. Stores of every capability share it.
/// </summary>
internal abstract class SqlDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>The URI, without secrets.</summary>
    public abstract string DisplayUri { get; }

    /// <summary>"sqlite" or "postgresql".</summary>
    public abstract string Dialect { get; }

    /// <summary>Opens a connection to a store whose schema is up to date.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaReady) return connection;
        try
        {
            await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                }
            }
            finally { _schemaLock.Release(); }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on an open connection; driver errors become one-line MlnbExceptions.</summary>
    public async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await action(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not MlnbException && e is not OperationCanceledException && Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs <paramref name="action"/> in a write transaction, committed when it returns (all or nothing).</summary>
    public Task<T> WithWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            await using var tx = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var result = await action(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    /// <summary>Opens a connection without touching the schema.</summary>
    protected abstract Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that holds the write lock from its first statement.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Applies the migrations this store lacks, under a lock that keeps other processes out.</summary>
    protected abstract Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The dialect's text for an auto-increment integer primary key.</summary>
    protected abstract string AutoPrimaryKey { get; }

    /// <summary>The dialect's double type.</summary>
    protected abstract string DoubleType { get; }

    /// <summary>SQL for a case-sensitive LIKE of a column against a parameter, and the parameter's value.</summary>
    public abstract (string Sql, string Value) Like(string column, string parameter, string pattern, bool caseSensitive);

    /// <summary>True when the exception is a unique/primary key violation.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Turns a driver exception into a one-line MlnbException with a fix, or null when it is not one we know.</summary>
    public abstract MlnbException? Translate(Exception exception);

    /// <summary>Runs the migrations not yet recorded in mlnb_migrations (the caller holds the lock and a transaction).</summary>
    protected async Task ApplyMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS mlnb_migrations (id TEXT PRIMARY KEY, applied_time BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = transaction;
            cmd.CommandText = "SELECT id FROM mlnb_migrations";
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) applied.Add(reader.GetString(0));
        }
        var known = SqlMigrations.All.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = applied.Where(id => !known.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new MlnbException(ErrorCode.StoreUnavailable, $"the store at {DisplayUri} was written by a newer MlNotebooks (it has migration {unknown[0]}); upgrade mlnb to use it");
        foreach (var migration in SqlMigrations.All.Where(m => !applied.Contains(m.Id)))
        {
            var sql = migration.Sql.Replace("{AUTO_PK}", AutoPrimaryKey).Replace("{DOUBLE}", DoubleType);
            await ExecAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using var rec = connection.CreateCommand();
            rec.Transaction = transaction;
            rec.CommandText = "INSERT INTO mlnb_migrations (id, applied_time) VALUES (@id, @t)";
            rec.AddParameter("@id", migration.Id);
            rec.AddParameter("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await rec.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Executes a statement.</summary>
    protected static async Task ExecAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        _schemaLock.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens a database from a URI: <c>sqlite:///path</c> or <c>postgresql://user[:pw]@host[:port]/db</c>.</summary>
    public static SqlDatabase Open(string uri)
    {
        if (uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return new SqliteDatabase(SqliteDatabase.PathFromUri(uri));
        if (uri.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
            return new PostgresDatabase(uri);
        throw new MlnbException(ErrorCode.InvalidParameterValue, $"tracking URI '{uri}' has an unknown scheme; use sqlite:///PATH or postgresql://USER@HOST:PORT/DB");
    }
}
