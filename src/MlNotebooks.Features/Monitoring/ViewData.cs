using System.Globalization;
using MlNotebooks.Features.Offline;
using MlNotebooks.Monitoring;

namespace MlNotebooks.Features.Monitoring;

/// <summary>Reads a feature view's features from a source file (optionally an event-time window) as monitoring columns.</summary>
internal static class ViewData
{
    public static ColumnTable Read(FeatureView view, FileSource source, string file, string format, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        using var c = DuckDb.Open();
        var relation = Sql.ReadFile(file, format, false);
        var schema = DuckSchema.Of(c, relation);
        foreach (var f in view.Schema)
            if (!schema.Has(f.Name)) throw MlnbException.Invalid($"feature view '{view.Name}': feature '{f.Name}' is not a column of {Path.GetFileName(file)} (columns: {string.Join(", ", schema.Columns.Keys)}); fix the schema in features.yaml");
        var where = "";
        if (start is not null || end is not null)
        {
            if (!schema.Has(source.TimestampField)) throw MlnbException.Invalid($"source '{source.Name}' has no column '{source.TimestampField}' to window by; fix timestamp_field in features.yaml");
            var ts = Sql.EpochMicros(source.TimestampField, schema.TypeOf(source.TimestampField));
            var parts = new List<string>();
            if (start is { } s) parts.Add($"{ts} >= {Sql.Micros(s)}");
            if (end is { } e) parts.Add($"{ts} < {Sql.Micros(e)}");
            where = " WHERE " + string.Join(" AND ", parts);
        }
        var numeric = view.Schema.Select(f => f.Dtype != FeatureType.String).ToArray();
        var select = string.Join(", ", view.Schema.Select((f, i) => f.Dtype switch
        {
            FeatureType.String => $"CAST({Sql.Id(f.Name)} AS VARCHAR)",
            FeatureType.UnixTimestamp => $"CAST({Sql.EpochMicros(f.Name, schema.TypeOf(f.Name))} AS DOUBLE)",
            _ => $"CAST({Sql.Id(f.Name)} AS DOUBLE)",
        }));
        var numbers = view.Schema.Select(_ => new List<double>()).ToArray();
        var labels = view.Schema.Select(_ => new List<string?>()).ToArray();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT {select} FROM {relation}{where}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                for (var i = 0; i < numeric.Length; i++)
                {
                    if (numeric[i]) numbers[i].Add(r.IsDBNull(i) ? double.NaN : r.GetDouble(i));
                    else labels[i].Add(r.IsDBNull(i) ? null : r.GetString(i));
                }
        }
        return new ColumnTable([.. view.Schema.Select((f, i) => numeric[i] ? TableColumn.Numeric(f.Name, [.. numbers[i]]) : TableColumn.Categorical(f.Name, [.. labels[i]]))]);
    }

    /// <summary>Parses <c>START..END</c> (UTC times, either side may be empty); null when the text is not a window.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End)? Window(string text, string option)
    {
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return null;
        DateTimeOffset? Parse(string part) => part.Length == 0 ? null
            : DateTimeOffset.TryParse(part, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
            : throw MlnbException.Invalid($"{option} '{text}': '{part}' is not a time; write a window as START..END in UTC, e.g. 2024-01-01..2024-01-08");
        var w = (Parse(text[..dots].Trim()), Parse(text[(dots + 2)..].Trim()));
        if (w.Item1 is { } a && w.Item2 is { } b && b <= a) throw MlnbException.Invalid($"{option} '{text}': the end is not after the start");
        return w;
    }
}
