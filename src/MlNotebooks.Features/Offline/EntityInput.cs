namespace MlNotebooks.Features.Offline;

/// <summary>The entity rows as a DuckDB relation, with the expression that numbers them in their order.</summary>
internal sealed record EntityInput(string Relation, string RowId, DuckSchema Schema, string Origin);
