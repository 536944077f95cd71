using Microsoft.Data.Analysis;
using MlNotebooks.Data;

namespace MlNotebooks.Training.Data;

public sealed partial class TabularData
{
    /// <summary>
    /// Loads a data file by its extension: CSV (<c>.csv</c>, <c>.csv.gz</c>, see <see cref="LoadCsv"/>) or Parquet
    /// (<c>.parquet</c>, read with the DataFrame reader of MlNotebooks.DataFrames, then <see cref="FromDataFrame"/>).
    /// The label is the last column unless <paramref name="label"/> names one (Parquet only: CSV labels are last).
    /// </summary>
    public static TabularData Load(string path, string? label = null, int? classes = null)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return LoadCsv(path, classes);
        if (!File.Exists(path)) throw MlnbException.NotFound($"data file '{path}' does not exist; pass --data PATH");
        using var stream = File.OpenRead(path);
        // The reader is async over an in-memory copy; definitions call Data() synchronously, outside any sync context.
        var frame = DataFrameExtensions.ReadParquetAsync(stream).GetAwaiter().GetResult();
        return Convert(frame, label, classes, $"'{path}'");
    }

    /// <summary>
    /// Rows of a Microsoft.Data.Analysis <see cref="DataFrame"/>: every numeric column but the label is a feature (its
    /// name kept); the label is <paramref name="label"/> or the last column. Whole, non-negative labels make a
    /// classification set with max+1 classes unless <paramref name="classes"/> says otherwise (0 = regression).
    /// </summary>
    public static TabularData FromDataFrame(DataFrame frame, string? label = null, int? classes = null) => Convert(frame, label, classes, "the DataFrame");

    private static TabularData Convert(DataFrame frame, string? label, int? classes, string what)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.ToList();
        if (columns.Count < 2) throw MlnbException.Invalid($"{what} needs at least one feature column and a label column; it has {columns.Count} column(s)");
        var labelColumn = label is null ? columns[^1] : columns.FirstOrDefault(c => c.Name == label)
            ?? throw MlnbException.Invalid($"{what} has no label column '{label}'; its columns are {string.Join(", ", columns.Select(c => c.Name))}");
        var features = columns.Where(c => c != labelColumn).ToList();
        var rows = checked((int)frame.Rows.Count);
        var x = new float[rows * features.Count];
        var y = new float[rows];
        for (var j = 0; j < features.Count; j++)
            for (var i = 0; i < rows; i++) x[i * features.Count + j] = Value(features[j], i, what);
        for (var i = 0; i < rows; i++) y[i] = Value(labelColumn, i, what);
        var k = classes ?? (rows > 0 && y.All(v => v >= 0 && v == MathF.Floor(v)) ? (int)y.Max() + 1 : 0);
        return new TabularData(x, y, features.Count, k, features.Select(c => c.Name).ToArray());
    }

    private static float Value(DataFrameColumn column, int row, string what)
    {
        var t = column.DataType;
        if (t == typeof(string) || t == typeof(DateTime) || t == typeof(char))
            throw MlnbException.Invalid($"{what} column '{column.Name}' holds {t.Name} values; training needs numbers: encode or drop it");
        return column[row] switch
        {
            null => throw MlnbException.Invalid($"{what} column '{column.Name}' has no value in row {row}; fill or drop the missing values first"),
            bool b => b ? 1 : 0,
            var v => System.Convert.ToSingle(v, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
