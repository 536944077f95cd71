namespace MlNotebooks.Interactive.Formatting;

/// <summary>What a magic subcommand (<c>#!data</c>, <c>#!registry</c>, ...) displays: a caption over a small table of text.</summary>
/// <param name="Caption">One line above the table.</param>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Cells, one list per row, as many as <paramref name="Columns"/>.</param>
internal sealed record TableView(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
