using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MlNotebooks.Monitoring;

/// <summary>
/// Reads CSV (.csv, .csv.gz, .tsv) into a <see cref="ColumnTable"/>: a header row (or sklearn's <c>ROWS,FEATURES,classes</c>
/// line, giving columns f0, f1, ... and label as training names them), RFC 4180 quoting; a column is
/// numeric when every non-missing value parses as a number, otherwise categorical. Empty, NA, NaN and null are missing.
/// </summary>
public static class CsvTable
{
    /// <summary>Reads a file; a one-line error when it is missing or malformed.</summary>
    public static ColumnTable Read(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"file '{path}' does not exist; give the path of a CSV or Parquet file");
        using var stream = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input, Encoding.UTF8);
        return Parse(reader, path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', path);
    }

    /// <summary>Parses CSV text read from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static ColumnTable Parse(TextReader reader, char separator, string source)
    {
        var rows = new List<string?[]>();
        string[]? header = null;
        var fields = new List<string?>();
        var line = 0;
        while (ReadRecord(reader, separator, fields, ref line))
        {
            if (header is null)
            {
                header = [.. fields.Select((f, i) => string.IsNullOrWhiteSpace(f) ? $"column_{i}" : f!.Trim())];
                continue;
            }
            if (fields.Count == 1 && string.IsNullOrEmpty(fields[0])) continue;
            if (rows.Count == 0 && fields.Count != header.Length && IsSklearnHeader(header, fields.Count))
                header = [.. Enumerable.Range(0, fields.Count - 1).Select(i => $"f{i}"), "label"]; // as training names them
            if (fields.Count != header.Length)
                throw new MlnbException(ErrorCode.DataCorrupted, $"'{source}' line {line} has {fields.Count} fields but the header has {header.Length}; fix the row or the separator");
            rows.Add([.. fields]);
        }
        if (header is null) throw new MlnbException(ErrorCode.DataCorrupted, $"'{source}' is empty; a CSV file needs a header row");
        var columns = new List<TableColumn>(header.Length);
        for (var c = 0; c < header.Length; c++)
        {
            var numbers = new double[rows.Count];
            var numeric = true;
            for (var r = 0; r < rows.Count && numeric; r++)
            {
                var v = rows[r][c];
                if (IsMissing(v)) numbers[r] = double.NaN;
                else if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) numbers[r] = d;
                else numeric = false;
            }
            columns.Add(numeric ? TableColumn.Numeric(header[c], numbers)
                : TableColumn.Categorical(header[c], [.. rows.Select(r => IsMissing(r[c]) ? null : r[c])]));
        }
        return new ColumnTable(columns);
    }

    /// <summary>sklearn's first line: <c>ROWS,FEATURES,class names...</c> over rows of FEATURES values and a label.</summary>
    private static bool IsSklearnHeader(string[] header, int fields) =>
        header.Length >= 2 && int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var features) && features + 1 == fields;

    private static bool IsMissing(string? v) => string.IsNullOrEmpty(v) || v is "NA" or "NaN" or "nan" or "null" or "NULL" or "None";

    private static bool ReadRecord(TextReader reader, char separator, List<string?> fields, ref int line)
    {
        fields.Clear();
        var ch = reader.Read();
        if (ch < 0) return false;
        line++;
        var sb = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (ch >= 0)
        {
            var c = (char)ch;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { sb.Append('"'); reader.Read(); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    sb.Append(c);
                }
            }
            else if (c == '"') { quoted = true; wasQuoted = true; }
            else if (c == separator) { fields.Add(wasQuoted ? sb.ToString() : sb.ToString().Trim()); sb.Clear(); wasQuoted = false; }
            else if (c == '\n') break;
            else if (c != '\r') sb.Append(c);
            ch = reader.Read();
        }
        fields.Add(wasQuoted ? sb.ToString() : sb.ToString().Trim());
        return true;
    }
}
