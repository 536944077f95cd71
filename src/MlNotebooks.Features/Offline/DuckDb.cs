using DuckDB.NET.Data;

namespace MlNotebooks.Features.Offline;

/// <summary>Opens in-process DuckDB connections for the offline store.</summary>
internal static class DuckDb
{
    public static DuckDBConnection Open()
    {
        var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SET TimeZone = 'UTC'";
        try { cmd.ExecuteNonQuery(); } catch (DuckDB.NET.Data.DuckDBException) { /* without ICU, DuckDB is UTC already */ }
        return c;
    }
}
