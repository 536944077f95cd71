using System.IO.Compression;
using System.Reflection;
using Microsoft.Data.Analysis;
using MlNotebooks.Monitoring;

namespace MlNotebooks.Data.Monitoring;

/// <summary>Files for monitoring: windows read from CSV or Parquet as <see cref="ColumnTable"/>s, and plotly.js for reports.</summary>
public static class MonitoringFiles
{
    /// <summary>Reads CSV (.csv, .csv.gz, .tsv) or Parquet (.parquet) by extension.</summary>
    public static Task<ColumnTable> ReadAsync(string path, CancellationToken cancellationToken = default) => ReadNamedAsync(path, path, cancellationToken);

    /// <summary>Reads <paramref name="path"/> in the format <paramref name="name"/>'s extension names (a content-store blob has none).</summary>
    public static async Task<ColumnTable> ReadNamedAsync(string path, string name, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"file '{path}' does not exist; give the path of a CSV or Parquet file");
        if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await using var stream = File.OpenRead(path);
            DataFrame frame;
            try { frame = await DataFrameExtensions.ReadParquetAsync(stream, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when (e is not MlnbException and not OperationCanceledException)
            {
                throw new MlnbException(ErrorCode.DataCorrupted, $"'{path}' is not a readable Parquet file ({e.Message.ReplaceLineEndings(" ")})");
            }
            return FromDataFrame(frame);
        }
        if (name == path && (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)))
            return CsvTable.Read(path);
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            await using var file = File.OpenRead(path);
            await using Stream input = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(input, System.Text.Encoding.UTF8);
            return CsvTable.Parse(reader, name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', name);
        }
        throw MlnbException.Invalid($"'{name}' is not CSV or Parquet (by its extension: .csv, .csv.gz, .tsv, .parquet)");
    }

    /// <summary>A DataFrame's columns: numbers as numeric columns, strings, booleans and dates as categorical ones.</summary>
    public static ColumnTable FromDataFrame(DataFrame frame)
    {
        var columns = new List<TableColumn>();
        foreach (var c in frame.Columns)
        {
            var n = (int)c.Length;
            var t = c.DataType;
            if (t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(decimal) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte))
            {
                var values = new double[n];
                for (var i = 0; i < n; i++) values[i] = c[i] is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
                columns.Add(TableColumn.Numeric(c.Name, values));
            }
            else
            {
                var labels = new string?[n];
                for (var i = 0; i < n; i++)
                    labels[i] = c[i] switch { null => null, DateTime d => d.ToString("O"), var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) };
                columns.Add(TableColumn.Categorical(c.Name, labels));
            }
        }
        return new ColumnTable(columns);
    }

    private static readonly Lazy<string> Plotly = new(() =>
    {
        using var s = typeof(MonitoringFiles).Assembly.GetManifestResourceStream("plotlyjs/plotly-basic.min.js.gz")
            ?? throw new MlnbException(ErrorCode.InternalError, "plotly.js is not embedded in MlNotebooks.DataFrames; rebuild it");
        using var gz = new GZipStream(s, CompressionMode.Decompress);
        using var r = new StreamReader(gz);
        return r.ReadToEnd();
    });

    /// <summary>plotly.js (basic bundle, 2.28.0; vendored in kernel-extensions/MlNotebooks.Interactive/Charts/plotlyjs).</summary>
    public static string PlotlyJs() => Plotly.Value;
}
