using Microsoft.Data.Sqlite;

namespace MlNotebooks.Data;

/// <summary>
/// Remembers the md5 of workspace files keyed by (path, inode, mtime, size), like DVC's <c>state</c> database, so
/// unchanged files are never rehashed. One SQLite file under <c>.mlnb/tmp/</c>; safe for several processes (WAL).
/// </summary>
internal sealed class HashCache : IDisposable
{
    private readonly SqliteConnection _connection;

    public HashCache(string dbPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 60 }.ToString());
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=60000;
            CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, inode INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, md5 TEXT NOT NULL);
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Loads every remembered hash under a workspace-relative prefix ("" for all) in one query.</summary>
    public Dictionary<string, (FileIdentity Id, string Md5)> LoadUnder(string prefix)
    {
        var result = new Dictionary<string, (FileIdentity, string)>(StringComparer.Ordinal);
        using var cmd = _connection.CreateCommand();
        if (prefix.Length == 0) cmd.CommandText = "SELECT path, inode, mtime_ns, size, md5 FROM hashes";
        else
        {
            cmd.CommandText = "SELECT path, inode, mtime_ns, size, md5 FROM hashes WHERE path = @p OR (path >= @lo AND path < @hi)";
            cmd.Parameters.AddWithValue("@p", prefix);
            cmd.Parameters.AddWithValue("@lo", prefix + "/");
            cmd.Parameters.AddWithValue("@hi", prefix + "0"); // '0' follows '/' in byte order
        }
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetString(0)] = (new FileIdentity(r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), r.GetString(4));
        return result;
    }

    /// <summary>Records hashes in one transaction.</summary>
    public void Save(IEnumerable<(string Path, FileIdentity Id, string Md5)> rows)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO hashes (path, inode, mtime_ns, size, md5) VALUES (@p, @i, @m, @s, @h) ON CONFLICT (path) DO UPDATE SET inode = excluded.inode, mtime_ns = excluded.mtime_ns, size = excluded.size, md5 = excluded.md5";
        var p = cmd.Parameters.Add("@p", SqliteType.Text);
        var i = cmd.Parameters.Add("@i", SqliteType.Integer);
        var m = cmd.Parameters.Add("@m", SqliteType.Integer);
        var s = cmd.Parameters.Add("@s", SqliteType.Integer);
        var h = cmd.Parameters.Add("@h", SqliteType.Text);
        cmd.Prepare();
        foreach (var row in rows)
        {
            p.Value = row.Path;
            i.Value = row.Id.Inode;
            m.Value = row.Id.MtimeNs;
            s.Value = row.Id.Size;
            h.Value = row.Md5;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public void Dispose() => _connection.Dispose();
}
