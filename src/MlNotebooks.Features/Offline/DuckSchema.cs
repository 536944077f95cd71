using System.Data.Common;
using DuckDB.NET.Data;

namespace MlNotebooks.Features.Offline;

/// <summary>Column names and DuckDB types of a relation (<c>DESCRIBE</c>).</summary>
internal sealed record DuckSchema(IReadOnlyDictionary<string, string> Columns)
{
    public static DuckSchema Of(DuckDBConnection connection, string relation)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"DESCRIBE SELECT * FROM {relation}";
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) columns[r.GetString(0)] = r.GetString(1);
        }
        catch (DbException e)
        {
            throw MlnbException.Invalid($"cannot read {relation}: {FirstLine(e.Message)}; give a Parquet or CSV file");
        }
        return new DuckSchema(columns);
    }

    public bool Has(string column) => Columns.ContainsKey(column);

    public string TypeOf(string column) => Columns[column];

    public static bool IsTimestamp(string type) =>
        type.StartsWith("TIMESTAMP", StringComparison.OrdinalIgnoreCase) || type.Equals("DATE", StringComparison.OrdinalIgnoreCase);

    /// <summary>The family of a DuckDB type: number, string, bool, time or other.</summary>
    public static string Family(string type)
    {
        var t = type.ToUpperInvariant();
        if (t is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UBIGINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" or "HUGEINT") return "integer";
        if (t is "DOUBLE" or "FLOAT" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal)) return "float";
        if (t is "VARCHAR") return "string";
        if (t is "BOOLEAN") return "bool";
        return IsTimestamp(t) ? "time" : "other";
    }

    public static bool Fits(FeatureType declared, string duckType) => (declared, Family(duckType)) switch
    {
        (FeatureType.Int32 or FeatureType.Int64, "integer") => true,
        (FeatureType.Float32 or FeatureType.Float64, "float" or "integer") => true,
        (FeatureType.String, "string") => true,
        (FeatureType.Bool, "bool") => true,
        (FeatureType.UnixTimestamp, "time" or "integer") => true,
        _ => false,
    };

    internal static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
