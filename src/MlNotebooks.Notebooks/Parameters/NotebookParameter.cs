namespace MlNotebooks.Notebooks.Parameters;

/// <summary>A default in the <c>parameters</c> cell: <c>int epochs = 10;</c> or <c>var lr = 0.01;</c>.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Type">The C# type: int, long, double, float, decimal, bool or string.</param>
/// <param name="DefaultText">The default as written in the cell.</param>
public sealed record NotebookParameter(string Name, string Type, string DefaultText);
