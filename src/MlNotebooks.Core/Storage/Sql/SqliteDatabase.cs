using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace MlNotebooks.Storage.Sql;

/// <summary>
/// The embedded default: one SQLite file in WAL mode with a busy timeout and immediate write transactions,
/// so several processes can write at once without "database is locked".
/// </summary>
internal sealed class SqliteDatabase : SqlDatabase
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 120,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override string DisplayUri => "sqlite:///" + Path;

    public override string Dialect => "sqlite";

    protected override string AutoPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string DoubleType => "REAL";

    /// <summary>SQLAlchemy's (and so MLflow's) form: <c>sqlite:///relative.db</c>, <c>sqlite:////absolute.db</c>.</summary>
    public static string PathFromUri(string uri)
    {
        const string prefix = "sqlite:///";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || uri.Length == prefix.Length)
            throw new MlnbException(ErrorCode.InvalidParameterValue, $"SQLite URI '{uri}' has no file path; write sqlite:///relative/path.db or sqlite:////absolute/path.db");
        return Uri.UnescapeDataString(uri[prefix.Length..]);
    }

    protected override async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        CheckFile();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(connection, null, "PRAGMA busy_timeout=60000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Translate(e) ?? (Exception)new MlnbException(ErrorCode.StoreUnavailable, $"cannot open the SQLite store '{Path}': {e.Message}", e);
        }
    }

    private void CheckFile()
    {
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(dir)) Directory.CreateDirectory(dir);
        if (!File.Exists(Path)) return;
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var f = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)) read = f.ReadAtLeast(head, 16, throwOnEndOfStream: false);
        if (read == 0) return;
        if (read < 16 || !head.SequenceEqual(Header))
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{Path}' is not a SQLite database (corrupt, or another kind of file); move it away or point --tracking-uri at another file");
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite's non-deferred transaction is BEGIN IMMEDIATE: the write lock is taken up front,
        // so two writers never deadlock upgrading a read lock; the busy timeout makes the second one wait.
        return await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            // Refuse another application's database before changing anything in the file (even its journal mode).
            var tables = await connection.QueryAsync(null, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            if (tables.Count > 0 && !tables.Contains("mlnb_migrations"))
                throw new MlnbException(ErrorCode.DataCorrupted,
                    $"'{Path}' is a SQLite database of another application (tables: {string.Join(", ", tables.Take(5))}); point --tracking-uri at another file or run `mlnb init` in a new folder");
            var mode = await connection.ScalarAsync(null, "PRAGMA journal_mode", cancellationToken).ConfigureAwait(false) as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                await ExecAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
            await using var tx = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await ApplyMigrationsAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not MlnbException && Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public override (string Sql, string Value) Like(string column, string parameter, string pattern, bool caseSensitive) =>
        caseSensitive ? ($"{column} GLOB {parameter}", LikeToGlob(pattern)) : ($"{column} LIKE {parameter} ESCAPE '\\'", pattern);

    /// <summary>SQLite's LIKE ignores ASCII case; GLOB does not. Rewrites a LIKE pattern as a GLOB pattern.</summary>
    internal static string LikeToGlob(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { AppendLiteral(sb, pattern[++i]); continue; }
            if (c == '%') sb.Append('*');
            else if (c == '_') sb.Append('?');
            else AppendLiteral(sb, c);
        }
        return sb.ToString();

        static void AppendLiteral(StringBuilder sb, char c)
        {
            if (c is '*' or '?' or '[') sb.Append('[').Append(c).Append(']');
            else sb.Append(c);
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public override MlnbException? Translate(Exception exception) => exception switch
    {
        MlnbException m => m,
        SqliteException { SqliteErrorCode: 26 } => new MlnbException(ErrorCode.DataCorrupted, $"'{Path}' is not a SQLite database (corrupt, or another kind of file); move it away or point --tracking-uri at another file", exception),
        SqliteException { SqliteErrorCode: 11 } => new MlnbException(ErrorCode.DataCorrupted, $"the SQLite store '{Path}' is corrupt ({exception.Message}); restore it from a backup", exception),
        SqliteException { SqliteErrorCode: 5 or 6 } => new MlnbException(ErrorCode.StoreUnavailable, $"the SQLite store '{Path}' stayed locked by another process for over 60 s; retry, or check for a stuck process", exception),
        SqliteException { SqliteErrorCode: 8 or 14 } when OsErrors.IsOnReadOnlyMount(Path) => OsErrors.ReadOnly(Path),
        SqliteException { SqliteErrorCode: 13 } => OsErrors.OutOfSpace(Path, null, exception),
        SqliteException { SqliteErrorCode: 10 } when OsErrors.FreeSpace(Path).Free < 1 << 20 => OsErrors.OutOfSpace(Path, null, exception),
        SqliteException { SqliteErrorCode: 14 } => new MlnbException(ErrorCode.StoreUnavailable, $"cannot open the SQLite store '{Path}'; check that its folder exists and is writable", exception),
        SqliteException { SqliteErrorCode: 8 } => new MlnbException(ErrorCode.StoreUnavailable, $"the SQLite store '{Path}' is read-only; check the file's permissions", exception),
        _ => null,
    };
}
