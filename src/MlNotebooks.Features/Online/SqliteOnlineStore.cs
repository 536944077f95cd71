using Microsoft.Data.Sqlite;

namespace MlNotebooks.Features.Online;

/// <summary>The embedded online store: one SQLite table keyed by (project, view, entity key), WAL mode.</summary>
public sealed class SqliteOnlineStore : IOnlineStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _read;
    private readonly Lock _lock = new();

    /// <summary>Opens (creating) the database file.</summary>
    public SqliteOnlineStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Describe = "sqlite:" + path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var init = _connection.CreateCommand())
        {
            init.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS online_features (
                  project TEXT NOT NULL, view TEXT NOT NULL, entity_key TEXT NOT NULL,
                  event_ts INTEGER NOT NULL, values_json TEXT NOT NULL,
                  PRIMARY KEY (project, view, entity_key)) WITHOUT ROWID;
                """;
            init.ExecuteNonQuery();
        }
        _read = _connection.CreateCommand();
        _read.CommandText = "SELECT event_ts, values_json FROM online_features WHERE project = $p AND view = $v AND entity_key = $k";
        _read.Parameters.Add("$p", SqliteType.Text);
        _read.Parameters.Add("$v", SqliteType.Text);
        _read.Parameters.Add("$k", SqliteType.Text);
        _read.Prepare();
    }

    /// <inheritdoc/>
    public string Describe { get; }

    /// <inheritdoc/>
    public void Write(string project, string view, IReadOnlyList<OnlineRow> rows)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO online_features (project, view, entity_key, event_ts, values_json) VALUES ($p, $v, $k, $t, $j)
                ON CONFLICT (project, view, entity_key) DO UPDATE SET event_ts = excluded.event_ts, values_json = excluded.values_json
                WHERE excluded.event_ts >= online_features.event_ts
                """;
            var p = cmd.Parameters.Add("$p", SqliteType.Text);
            var v = cmd.Parameters.Add("$v", SqliteType.Text);
            var k = cmd.Parameters.Add("$k", SqliteType.Text);
            var t = cmd.Parameters.Add("$t", SqliteType.Integer);
            var j = cmd.Parameters.Add("$j", SqliteType.Text);
            (p.Value, v.Value) = (project, view);
            cmd.Prepare();
            foreach (var row in rows)
            {
                (k.Value, t.Value, j.Value) = (row.EntityKey, row.EventMicros, row.ValuesJson);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<OnlineRow?> Read(string project, string view, IReadOnlyList<string> entityKeys)
    {
        var result = new OnlineRow?[entityKeys.Count];
        lock (_lock)
        {
            _read.Parameters[0].Value = project;
            _read.Parameters[1].Value = view;
            for (var i = 0; i < entityKeys.Count; i++)
            {
                _read.Parameters[2].Value = entityKeys[i];
                using var r = _read.ExecuteReader();
                if (r.Read()) result[i] = new OnlineRow(entityKeys[i], r.GetInt64(0), r.GetString(1));
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _read.Dispose();
        _connection.Dispose();
    }
}
