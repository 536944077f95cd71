namespace MlNotebooks.Features;

/// <summary>
/// A batch source (Feast <c>FileSource</c>): a Parquet or CSV file, a DVC-tracked one resolving to the version its
/// pointer records.
/// </summary>
/// <param name="Name">The source's name, referenced by feature views.</param>
/// <param name="Path">The file, relative to the folder of <c>features.yaml</c> (or absolute).</param>
/// <param name="TimestampField">The event time column: when the values became true.</param>
/// <param name="CreatedTimestampColumn">Optional: when the row was written; breaks ties between equal event times (latest wins).</param>
public sealed record FileSource(string Name, string Path, string TimestampField = "event_timestamp", string? CreatedTimestampColumn = null)
{
    /// <summary>The file's format, from its extension: <c>csv</c> or <c>parquet</c>.</summary>
    public string Format => System.IO.Path.GetExtension(Path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "parquet";
}
