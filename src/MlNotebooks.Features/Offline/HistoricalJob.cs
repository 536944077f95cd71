using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace MlNotebooks.Features.Offline;

/// <summary>
/// A planned point-in-time join (Feast's <c>RetrievalJob</c>): validated when created, run by
/// <see cref="ToDataFrame"/> or <see cref="ToParquet"/>. Dispose it to close its DuckDB connection.
/// </summary>
public sealed class HistoricalJob : IDisposable
{
    private readonly DuckDBConnection _connection;

    private HistoricalJob(DuckDBConnection connection, string sql, IReadOnlyList<string> featureColumns, IReadOnlyList<(FeatureView View, ResolvedSource Source)> inputs)
    {
        _connection = connection;
        Sql = sql;
        FeatureColumns = featureColumns;
        Inputs = inputs;
    }

    /// <summary>The SQL DuckDB runs.</summary>
    public string Sql { get; }

    /// <summary>The names of the feature columns added to the entity columns.</summary>
    public IReadOnlyList<string> FeatureColumns { get; }

    /// <summary>The views read and the file/version each read (the lineage of a training set).</summary>
    public IReadOnlyList<(FeatureView View, ResolvedSource Source)> Inputs { get; }

    internal static HistoricalJob Create(FeatureStore store, Func<DuckDBConnection, EntityInput> entity, IEnumerable<string> features, bool fullFeatureNames)
    {
        var selections = store.Repo.ResolveReferences(features);
        var connection = DuckDb.Open();
        try
        {
            var input = entity(connection);
            var views = selections.Select(s =>
            {
                var src = store.ResolveSource(s.View);
                var schema = SourceCheck.Check(store.Repo, s.View, src, DuckSchema.Of(connection, src.Relation(false)));
                return (s, src, schema);
            }).ToList();
            var stats = views.Select(v => PointInTimeQuery.Stats(connection, v.src, v.schema)).ToList();
            var (sql, cols) = PointInTimeQuery.Build(store.Repo, input, views, fullFeatureNames, PointInTimeQuery.Bounds(connection, input), stats);
            return new HistoricalJob(connection, sql, cols, views.Select(v => (v.s.View, v.src)).ToList());
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the join; the entity rows in their order, with the feature columns appended (null where no value).</summary>
    public DataFrame ToDataFrame()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Sql;
        using var reader = Run(cmd);
        return DataFrameReader.Read(reader);
    }

    /// <summary>Runs the join into a Parquet file (written to a temp file, then renamed: never a partial file); returns the row count.</summary>
    public long ToParquet(string path) => CopyTo(path, "FORMAT parquet");

    /// <summary>Runs the join into a CSV file with a header (ISO timestamps; temp file, then rename); returns the row count.</summary>
    public long ToCsv(string path) => CopyTo(path, "FORMAT csv, HEADER true");

    private long CopyTo(string path, string options)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"COPY ({Sql}) TO {Offline.Sql.Str(tmp)} ({options})";
            long rows;
            try { rows = cmd.ExecuteNonQuery(); }
            catch (DuckDBException e) { throw MlnbException.Invalid($"point-in-time join failed: {DuckSchema.FirstLine(e.Message)}; check the entity frame's and sources' column types"); }
            File.Move(tmp, full, overwrite: true);
            return rows;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static System.Data.Common.DbDataReader Run(DuckDBCommand cmd)
    {
        try { return cmd.ExecuteReader(); }
        catch (DuckDBException e) { throw MlnbException.Invalid($"point-in-time join failed: {DuckSchema.FirstLine(e.Message)}; check the entity frame's and sources' column types"); }
    }

    /// <summary>Closes the DuckDB connection.</summary>
    public void Dispose() => _connection.Dispose();
}
