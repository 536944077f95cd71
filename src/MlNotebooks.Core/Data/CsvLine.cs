using System.Text;

namespace MlNotebooks.Data;

/// <summary>Splits one CSV line into its fields, as RFC 4180 quotes them (<c>"a, b"</c>, <c>""</c> for a quote).</summary>
public static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/> (a trailing <c>\r</c> dropped); a line without quotes is split on commas alone.</summary>
    public static List<string> Split(string line)
    {
        var cells = new List<string>();
        if (!line.Contains('"'))
        {
            cells.AddRange(line.TrimEnd('\r').Split(','));
            return cells;
        }
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString().TrimEnd('\r'));
        return cells;
    }
}
