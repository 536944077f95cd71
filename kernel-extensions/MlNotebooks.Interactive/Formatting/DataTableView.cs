namespace MlNotebooks.Interactive.Formatting;

/// <summary>A small table that a <c>#!data</c> subcommand displays: a caption, column names and rows of text.</summary>
/// <param name="Caption">One line above the table.</param>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Cells, one list per row, as many as <paramref name="Columns"/>.</param>
internal sealed record DataTableView(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
