using DuckDB.NET.Data;

namespace MlNotebooks.Features.Tests;

/// <summary>A temp folder with helpers to write CSV and Parquet (through DuckDB) test files.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch() => Directory.CreateDirectory(Dir = Path.Combine(Path.GetTempPath(), "mlnb-features-" + Guid.NewGuid().ToString("N")[..10]));

    public string Dir { get; }

    public string Csv(string name, string text)
    {
        var p = Path.Combine(Dir, name);
        File.WriteAllText(p, text.Replace("\r", "").Trim() + "\n");
        return p;
    }

    /// <summary>Writes CSV text as Parquet (types detected by DuckDB: timestamps become TIMESTAMP).</summary>
    public string Parquet(string name, string csvText)
    {
        var csv = Csv(name + ".csv", csvText);
        var p = Path.Combine(Dir, name);
        using var c = new DuckDBConnection("DataSource=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', auto_detect = true, header = true)) TO '{p}' (FORMAT parquet)";
        cmd.ExecuteNonQuery();
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
