using System.Globalization;

namespace MlNotebooks.Features.Offline;

/// <summary>Quoting for DuckDB SQL text.</summary>
internal static class Sql
{
    public static string Id(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Str(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Micros(TimeSpan span) => ((long)(span.Ticks / 10)).ToString(CultureInfo.InvariantCulture);

    public static string Micros(DateTimeOffset at) => ((at.UtcTicks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>A file as a relation; Parquet files expose their row number for tie-breaks.</summary>
    public static string ReadFile(string path, string format, bool rowNumbers) => format == "csv"
        ? $"read_csv({Str(path)}, auto_detect = true, header = true)"
        : $"read_parquet({Str(path)}{(rowNumbers ? ", file_row_number = true" : "")})";

    /// <summary>An expression giving a timestamp column as epoch microseconds (UTC; naive timestamps are read as UTC).</summary>
    public static string EpochMicros(string column, string duckType) => duckType.ToUpperInvariant() switch
    {
        "BIGINT" or "INTEGER" => $"CAST({Id(column)} AS BIGINT) * 1000000",
        "DATE" => $"epoch_us(CAST({Id(column)} AS TIMESTAMP))",
        var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => $"epoch_us({Id(column)})",
        _ => $"epoch_us(CAST({Id(column)} AS TIMESTAMP))",
    };
}
