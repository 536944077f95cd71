namespace MlNotebooks.Training.Data;

/// <summary>
/// One column of a data file as read: numbers (NaN where missing) or text (null where missing).
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="Numbers">The values of a numeric column, else null.</param>
/// <param name="Strings">The values of a text column, else null.</param>
public sealed record RawColumn(string Name, float[]? Numbers, string?[]? Strings)
{
    /// <summary>Whether the column holds text.</summary>
    public bool IsText => Strings is not null;

    /// <summary>Rows.</summary>
    public int Length => Numbers?.Length ?? Strings!.Length;

    /// <summary>Whether row <paramref name="i"/> has no value.</summary>
    public bool IsMissing(int i) => Numbers is { } n ? float.IsNaN(n[i]) : Strings![i] is null;

    /// <summary>How many rows have no value.</summary>
    public int MissingCount => Enumerable.Range(0, Length).Count(IsMissing);

    /// <summary>The rows at the given indices, in that order.</summary>
    public RawColumn Take(IReadOnlyList<int> rows) => Numbers is { } n
        ? this with { Numbers = [.. rows.Select(r => n[r])] }
        : this with { Strings = [.. rows.Select(r => Strings![r])] };
}

/// <summary>Which column is the label, which are features, and the task.</summary>
public sealed record TabularOptions
{
    /// <summary>The label column (default: the last).</summary>
    public string? Label { get; init; }

    /// <summary>The feature columns, in order (default: every column but the label).</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary><c>classification</c>, <c>regression</c>, or null to apply the rule (see <see cref="TabularData.TaskRuleText"/>).</summary>
    public string? Task { get; init; }

    /// <summary>A fixed class count (0 = regression); overrides <see cref="Task"/>.</summary>
    public int? Classes { get; init; }

    /// <summary>Checks the values; throws with the fix.</summary>
    public void Validate()
    {
        if (Task is not (null or "classification" or "regression"))
            throw MlnbException.Invalid($"--task must be classification or regression, not '{Task}'");
        if (Features is { Count: 0 }) throw MlnbException.Invalid("--features names no column; give a comma-separated list of feature columns");
        if (Features is not null && Features.Distinct(StringComparer.Ordinal).Count() != Features.Count)
            throw MlnbException.Invalid($"--features names a column twice ({string.Join(",", Features)})");
    }
}
