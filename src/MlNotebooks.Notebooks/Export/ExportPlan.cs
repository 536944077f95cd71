using MlNotebooks.Notebooks.Analysis;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>What an export of one notebook will contain, decided before anything is written.</summary>
/// <param name="Parameters">The parameters cell's defaults (empty when the notebook has none).</param>
/// <param name="ParametersCode">The parameters cell rewritten to read each value from the job's arguments, environment or YAML.</param>
/// <param name="Steps">The steps in notebook order.</param>
/// <param name="Skipped">Cells tagged <c>skip</c>.</param>
/// <param name="Packages">Packages from the kept cells' <c>#r "nuget:…"</c> directives, sorted by id.</param>
/// <param name="Usings">Using directives of the kept cells, sorted and distinct.</param>
/// <param name="Types">Type declarations of the kept cells, hoisted after the job's statements, in notebook order.</param>
/// <param name="UsesCuda">Whether the kept code trains on CUDA (the Job then asks for a GPU).</param>
/// <param name="RegisteredModel">The model name the notebook registers, if it does.</param>
/// <param name="Notes">What was left out or changed, one line each.</param>
/// <param name="Definitions">The <c>#!train</c> cells' definitions by export path (<c>definitions/cell-N.cs</c>) → code.</param>
public sealed record ExportPlan(
    IReadOnlyList<NotebookParameter> Parameters,
    string ParametersCode,
    IReadOnlyList<ExportStep> Steps,
    IReadOnlyList<ExportCellRef> Skipped,
    IReadOnlyList<PackageRef> Packages,
    IReadOnlyList<string> Usings,
    IReadOnlyList<string> Types,
    bool UsesCuda,
    string? RegisteredModel,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string>? Definitions = null);

/// <summary>A step: its cells (translated to plain C#), the names it takes from earlier steps and the steps those come from.</summary>
public sealed record ExportStep(string Name, IReadOnlyList<ExportCellCode> Cells, IReadOnlyList<string> Inputs, IReadOnlyList<string> DependsOn);

/// <summary>A kept cell as the job runs it.</summary>
public sealed record ExportCellCode(ExportCellRef Cell, string Code);
