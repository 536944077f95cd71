namespace MlNotebooks.Interactive.Formatting;

/// <summary>What a <c>#!registry</c> subcommand shows: a caption over a small table.</summary>
/// <param name="Caption">One line above the table, e.g. <c>churn@staging → version 2</c>.</param>
/// <param name="Headers">Column names.</param>
/// <param name="Rows">Cells, one list per row, as many as <paramref name="Headers"/>.</param>
internal sealed record RegistryTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
