using System.Globalization;
using MlNotebooks.Monitoring;
using Parquet;

namespace MlNotebooks.Serving.Observability;

/// <summary>Reads a drift reference or a recorded window: CSV through <see cref="CsvTable"/>, Parquet's flat number, boolean and text columns.</summary>
internal static class RecordedFiles
{
    public static async Task<ColumnTable> ReadAsync(string path, CancellationToken ct)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return CsvTable.Read(path);
        if (!File.Exists(path)) throw MlnbException.NotFound($"file '{path}' does not exist; give the path of a CSV or Parquet file");
        try
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            var fields = reader.Schema.GetDataFields();
            var numbers = fields.Select(_ => new List<double>()).ToArray();
            var labels = fields.Select(_ => new List<string?>()).ToArray();
            var numeric = fields.Select(f => f.ClrType == typeof(double) || f.ClrType == typeof(float) || f.ClrType == typeof(long) || f.ClrType == typeof(int) || f.ClrType == typeof(short)).ToArray();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                for (var c = 0; c < fields.Length; c++)
                {
                    foreach (var v in await ReadColumnAsync(group, fields[c], (int)group.RowCount, ct).ConfigureAwait(false))
                    {
                        if (numeric[c]) numbers[c].Add(v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture));
                        else labels[c].Add(v switch { null => null, bool b => b ? "true" : "false", var o => Convert.ToString(o, CultureInfo.InvariantCulture) });
                    }
                }
            }
            return new ColumnTable([.. fields.Select((f, c) => numeric[c] ? TableColumn.Numeric(f.Name, [.. numbers[c]]) : TableColumn.Categorical(f.Name, [.. labels[c]]))]);
        }
        catch (Exception e) when (e is not MlnbException and not OperationCanceledException)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{path}' is not a readable Parquet file ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken ct)
    {
        var t = field.ClrType;
        if (t == typeof(double)) return await Values<double>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(float)) return await Values<float>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(long)) return await Values<long>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(int)) return await Values<int>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(short)) return await Values<short>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(bool)) return await Values<bool>(group, field, count, ct).ConfigureAwait(false);
        var a = new string?[count];
        await group.ReadAsync(field, a.AsMemory(), null, ct).ConfigureAwait(false);
        return a;
    }

    private static async Task<Array> Values<T>(ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken ct) where T : struct
    {
        if (field.IsNullable)
        {
            var n = new T?[count];
            await group.ReadAsync(field, n.AsMemory(), null, ct).ConfigureAwait(false);
            return n;
        }
        var a = new T[count];
        await group.ReadAsync(field, a.AsMemory(), null, ct).ConfigureAwait(false);
        return a;
    }
}
