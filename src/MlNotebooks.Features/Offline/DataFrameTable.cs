using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace MlNotebooks.Features.Offline;

/// <summary>Copies a DataFrame into a DuckDB temp table (the appender), so an in-memory entity frame joins like a file.</summary>
internal static class DataFrameTable
{
    public static void Load(DuckDBConnection connection, string table, DataFrame frame)
    {
        var cols = frame.Columns.ToList();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE OR REPLACE TEMP TABLE {Sql.Id(table)} ({string.Join(", ", cols.Select(c => Sql.Id(c.Name) + " " + DuckType(c)))})";
            create.ExecuteNonQuery();
        }
        using var appender = connection.CreateAppender(table);
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            var row = appender.CreateRow();
            foreach (var c in cols)
            {
                var v = c[r];
                row = v switch
                {
                    null => row.AppendNullValue(),
                    long x => row.AppendValue(x),
                    int x => row.AppendValue((long)x),
                    double x => row.AppendValue(x),
                    float x => row.AppendValue((double)x),
                    bool x => row.AppendValue(x),
                    DateTime x => row.AppendValue(x.Kind == DateTimeKind.Local ? x.ToUniversalTime() : x),
                    _ => row.AppendValue(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)),
                };
            }
            row.EndRow();
        }
    }

    private static string DuckType(DataFrameColumn c) => c.DataType switch
    {
        var t when t == typeof(long) || t == typeof(int) || t == typeof(short) => "BIGINT",
        var t when t == typeof(double) || t == typeof(float) => "DOUBLE",
        var t when t == typeof(bool) => "BOOLEAN",
        var t when t == typeof(DateTime) => "TIMESTAMP",
        _ => "VARCHAR",
    };
}
