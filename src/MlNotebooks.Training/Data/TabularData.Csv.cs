using System.Globalization;
using System.IO.Compression;
using MlNotebooks.Data;

namespace MlNotebooks.Training.Data;

public sealed partial class TabularData
{
    /// <summary>The cell texts read as a missing value (besides an empty cell).</summary>
    public static readonly IReadOnlySet<string> MissingTokens = new HashSet<string>(StringComparer.Ordinal) { "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?" };

    /// <summary>
    /// Reads a CSV (optionally .gz) into raw columns: sklearn's format (a first line <c>ROWS,FEATURES,class names...</c>),
    /// a header of names, or no header (columns f0, f1, ...; the last one <c>label</c>). A column whose present values
    /// are all numbers is numeric, any other holds text; empty cells and <see cref="MissingTokens"/> are missing.
    /// Fields may be quoted ("a, b").
    /// </summary>
    public static IReadOnlyList<RawColumn> ReadCsv(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"data file '{path}' does not exist; pass --data PATH");
        using var stream = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Length > 0) lines.Add(line);
        if (lines.Count == 0) throw MlnbException.Invalid($"'{path}' is empty");
        var first = CsvLine.Split(lines[0]);
        string[]? names = null;
        var start = 0;
        if (!first.All(IsNumber))
        {
            start = 1;
            // sklearn's first line holds counts then class names; a header holds the column names
            if (!(first.Count >= 2 && int.TryParse(first[0], out _) && int.TryParse(first[1], out _))) names = [.. first];
        }
        if (start >= lines.Count) throw MlnbException.Invalid($"'{path}' has a header but no rows");
        var width = CsvLine.Split(lines[start]).Count;
        if (width < 2) throw MlnbException.Invalid($"'{path}' needs at least one feature column and a label column");
        if (names is not null && names.Length != width) throw MlnbException.Invalid($"'{path}' has {names.Length} names in its header but {width} fields on line {start + 1}");
        names ??= [.. Enumerable.Range(0, width - 1).Select(i => $"f{i}"), "label"];
        var cells = new string?[width][];
        for (var j = 0; j < width; j++) cells[j] = new string?[lines.Count - start];
        for (var i = start; i < lines.Count; i++)
        {
            var parts = CsvLine.Split(lines[i]);
            if (parts.Count != width) throw MlnbException.Invalid($"'{path}' line {i + 1} has {parts.Count} fields; expected {width}");
            for (var j = 0; j < width; j++)
            {
                var t = parts[j].Trim();
                cells[j][i - start] = t.Length == 0 || MissingTokens.Contains(t) ? null : t;
            }
        }
        return [.. Enumerable.Range(0, width).Select(j => ToColumn(names[j], cells[j]))];
    }

    /// <summary>A column of cell texts: numbers when every present cell is a number, else text.</summary>
    public static RawColumn ToColumn(string name, string?[] cells)
    {
        var numbers = new float[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is null) numbers[i] = float.NaN;
            else if (!float.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])) return new RawColumn(name, null, cells);
        }
        return new RawColumn(name, numbers, null);
    }

    private static bool IsNumber(string s) => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
