using System.Globalization;
using Microsoft.Data.Analysis;
using MlNotebooks.Data;

namespace MlNotebooks.Training.Data;

public sealed partial class TabularData
{
    /// <summary>
    /// Loads a data file by its extension: CSV (<c>.csv</c>, <c>.csv.gz</c>, see <see cref="ReadCsv"/>) or Parquet
    /// (<c>.parquet</c>, read with the DataFrame reader of MlNotebooks.DataFrames), then <see cref="FromColumns"/>:
    /// the label is the last column unless <paramref name="options"/> names one; text columns become categories and
    /// missing numbers are imputed, inside the exported model too.
    /// </summary>
    public static TabularData Load(string path, TabularOptions? options = null) => FromColumns(ReadColumns(path), options, $"'{path}'");

    /// <summary>The raw columns of a CSV (<see cref="ReadCsv"/>) or Parquet file, by its extension.</summary>
    public static IReadOnlyList<RawColumn> ReadColumns(string path)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ReadCsv(path);
        if (!File.Exists(path)) throw MlnbException.NotFound($"data file '{path}' does not exist; pass --data PATH");
        using var stream = File.OpenRead(path);
        // The reader is async over an in-memory copy; definitions call Data() synchronously, outside any sync context.
        var frame = DataFrameExtensions.ReadParquetAsync(stream).GetAwaiter().GetResult();
        return ColumnsOf(frame, $"'{path}'");
    }

    /// <summary>
    /// Rows of a Microsoft.Data.Analysis <see cref="DataFrame"/>: every column but the label is a feature (its name
    /// kept; text columns are categories, nulls are missing values); the label is <paramref name="label"/> or the last
    /// column. <paramref name="classes"/> fixes the class count (0 = regression) instead of the task rule.
    /// </summary>
    public static TabularData FromDataFrame(DataFrame frame, string? label = null, int? classes = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return FromColumns(ColumnsOf(frame, "the DataFrame"), new TabularOptions { Label = label, Classes = classes }, "the DataFrame");
    }

    private static List<RawColumn> ColumnsOf(DataFrame frame, string what)
    {
        var rows = checked((int)frame.Rows.Count);
        var result = new List<RawColumn>();
        foreach (var column in frame.Columns)
        {
            var t = column.DataType;
            if (t == typeof(DateTime) || t == typeof(DateTimeOffset))
                throw MlnbException.Invalid($"{what} column '{column.Name}' holds dates; training needs numbers or categories: turn it into numbers (day of year, ...) or leave it out with --features");
            if (t == typeof(string) || t == typeof(char))
            {
                result.Add(new RawColumn(column.Name, null, [.. Enumerable.Range(0, rows).Select(i => column[i]?.ToString() is { Length: > 0 } s ? s : null)]));
                continue;
            }
            var numbers = new float[rows];
            for (var i = 0; i < rows; i++)
                numbers[i] = column[i] switch
                {
                    null => float.NaN,
                    bool b => b ? 1 : 0,
                    var v => Convert.ToSingle(v, CultureInfo.InvariantCulture),
                };
            result.Add(new RawColumn(column.Name, numbers, null));
        }
        return result;
    }
}
