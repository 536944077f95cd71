namespace MlNotebooks.Notebooks.Export;

/// <summary>One row of <see cref="CellTags.Table"/>: a tag pattern, its role, what it means, and the patterns it may go with.</summary>
public sealed record CellTagRule(string Pattern, CellRole Role, string Meaning, IReadOnlyList<string> AllowedWith);

/// <summary>What a tag makes of a cell.</summary>
public enum CellRole
{
    /// <summary>papermill's parameters cell.</summary>
    Parameters,

    /// <summary>papermill's injected parameters.</summary>
    Injected,

    /// <summary>Left out of the job.</summary>
    Skip,

    /// <summary>Starts a step.</summary>
    Step,
}

/// <summary>What a code cell's tags say about it.</summary>
public sealed record CellMarking(bool IsParameters, bool IsInjected, bool IsSkip, string? Step);
