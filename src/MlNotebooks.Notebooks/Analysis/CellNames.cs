namespace MlNotebooks.Notebooks.Analysis;

/// <summary>What <see cref="CellAnalyzer"/> found in one cell.</summary>
/// <param name="Declared">Names declared at the cell's top level (variables, functions, types, fields, pattern/out variables).</param>
/// <param name="Used">Every identifier the cell mentions.</param>
/// <param name="Packages">Packages from <c>#r "nuget: ID, VERSION"</c> directives.</param>
/// <param name="Usings">The cell's using directives, as written.</param>
public sealed record CellNames(IReadOnlySet<string> Declared, IReadOnlySet<string> Used, IReadOnlyList<PackageRef> Packages, IReadOnlyList<string> Usings);

/// <summary>A NuGet package a cell references; <paramref name="Version"/> is null when the directive names none.</summary>
public sealed record PackageRef(string Id, string? Version);
