namespace MlNotebooks.Features.Offline;

/// <summary>A source bound to a file: the path read, its format and the data version (DVC md5) when tracked.</summary>
/// <param name="Source">The definition.</param>
/// <param name="FilePath">The file DuckDB reads (the cache blob for a tracked file).</param>
/// <param name="Format"><c>parquet</c> or <c>csv</c>.</param>
/// <param name="DataVersion">The md5 the DVC pointer records; null when the file is not tracked.</param>
/// <param name="WorkspacePath">The path as written in the definition, resolved against the repo folder.</param>
public sealed record ResolvedSource(FileSource Source, string FilePath, string Format, string? DataVersion, string WorkspacePath)
{
    internal string Relation(bool rowNumbers) => Format == "csv" && rowNumbers
        ? $"(SELECT *, row_number() OVER () AS file_row_number FROM {Sql.ReadFile(FilePath, Format, false)})"
        : Sql.ReadFile(FilePath, Format, rowNumbers);
}
