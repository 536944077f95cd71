using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;

namespace MlNotebooks.Data;

/// <summary>Opens versioned data as a <see cref="DataFrame"/>: CSV (<c>.csv</c>, <c>.csv.gz</c>) and Parquet.</summary>
public static class DataFrameExtensions
{
    /// <summary>
    /// Reads a tracked file (or a file in a tracked folder) at a version (a git revision; null: the workspace's
    /// pointer file) from the cache into a DataFrame. The format follows the extension.
    /// </summary>
    public static async Task<DataFrame> OpenDataFrameAsync(this DataClient data, string path, string? version = null, CancellationToken cancellationToken = default)
    {
        await using var stream = data.Open(path, version);
        var name = path.ToLowerInvariant();
        if (name.EndsWith(".parquet", StringComparison.Ordinal)) return await ReadParquetAsync(stream, cancellationToken).ConfigureAwait(false);
        if (name.EndsWith(".csv.gz", StringComparison.Ordinal))
        {
            await using var gz = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
            using var ms = new MemoryStream();
            await gz.CopyToAsync(ms, cancellationToken).ConfigureAwait(false);
            ms.Position = 0;
            return DataFrame.LoadCsv(ms);
        }
        if (name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".tsv", StringComparison.Ordinal))
            return DataFrame.LoadCsv(stream, separator: name.EndsWith(".tsv", StringComparison.Ordinal) ? '\t' : ',');
        throw MlnbException.Invalid($"'{path}' is not CSV or Parquet (by its extension); open it as a stream with DataClient.Open");
    }

    /// <summary>Reads a Parquet stream (flat schemas: numbers, booleans, strings, dates) into a DataFrame.</summary>
    public static async Task<DataFrame> ReadParquetAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var seekable = new MemoryStream();
        await stream.CopyToAsync(seekable, cancellationToken).ConfigureAwait(false);
        seekable.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(seekable, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(f => new List<object?>()).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var n = checked((int)rg.RowCount);
            for (var i = 0; i < fields.Length; i++)
                columns[i].AddRange(await ReadColumnAsync(rg, fields[i], n, cancellationToken).ConfigureAwait(false));
        }
        return new DataFrame(fields.Select((f, i) => ToColumn(f, columns[i])));
    }

    private static async Task<IEnumerable<object?>> ReadColumnAsync(ParquetRowGroupReader rg, DataField f, int n, CancellationToken ct)
    {
        var t = Nullable.GetUnderlyingType(f.ClrType) ?? f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) { var a = new string?[n]; await rg.ReadAsync(f, a.AsMemory(), null, ct).ConfigureAwait(false); return a; }
        if (t == typeof(int)) return await Read<int>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(long)) return await Read<long>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(float)) return await Read<float>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(double)) return await Read<double>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(bool)) return await Read<bool>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(short)) return await Read<short>(rg, f, n, ct).ConfigureAwait(false);
        if (t == typeof(DateTime)) return await Read<DateTime>(rg, f, n, ct).ConfigureAwait(false);
        throw MlnbException.Invalid($"Parquet column '{f.Name}' has type {t.Name}, which the DataFrame reader does not support; read the stream with Parquet.Net");
    }

    private static async Task<IEnumerable<object?>> Read<T>(ParquetRowGroupReader rg, DataField f, int n, CancellationToken ct) where T : struct
    {
        if (f.IsNullable)
        {
            var a = new T?[n];
            await rg.ReadAsync(f, a.AsMemory(), null, ct).ConfigureAwait(false);
            return a.Select(x => (object?)x);
        }
        var b = new T[n];
        await rg.ReadAsync(f, b.AsMemory(), null, ct).ConfigureAwait(false);
        return b.Select(x => (object?)x);
    }

    private static DataFrameColumn ToColumn(DataField f, List<object?> values)
    {
        var t = Nullable.GetUnderlyingType(f.ClrType) ?? f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) return new StringDataFrameColumn(f.Name, values.Select(v => (string?)v));
        if (t == typeof(int)) return new PrimitiveDataFrameColumn<int>(f.Name, values.Select(v => (int?)v));
        if (t == typeof(long)) return new PrimitiveDataFrameColumn<long>(f.Name, values.Select(v => (long?)v));
        if (t == typeof(float)) return new PrimitiveDataFrameColumn<float>(f.Name, values.Select(v => (float?)v));
        if (t == typeof(double)) return new PrimitiveDataFrameColumn<double>(f.Name, values.Select(v => (double?)v));
        if (t == typeof(bool)) return new PrimitiveDataFrameColumn<bool>(f.Name, values.Select(v => (bool?)v));
        if (t == typeof(short)) return new PrimitiveDataFrameColumn<short>(f.Name, values.Select(v => (short?)v));
        return new PrimitiveDataFrameColumn<DateTime>(f.Name, values.Select(v => (DateTime?)v));
    }
}
