namespace MlNotebooks.Monitoring.Validation;

/// <summary>What one column must satisfy. Every member is optional; null means "not checked".</summary>
public sealed record ColumnExpectation
{
    /// <summary>"numeric" or "categorical".</summary>
    public string? Type { get; init; }

    /// <summary>The smallest allowed value (numeric columns).</summary>
    public double? Min { get; init; }

    /// <summary>The largest allowed value (numeric columns).</summary>
    public double? Max { get; init; }

    /// <summary>The only values allowed (categorical columns; numbers compared as written).</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>The largest share of missing values, from 0 (none) to 1.</summary>
    public double? MaxNullShare { get; init; }

    /// <summary>Whether every non-missing value must be distinct.</summary>
    public bool? Unique { get; init; }

    /// <summary>Whether the column must be present (default true).</summary>
    public bool Required { get; init; } = true;
}

/// <summary>A validation suite: expectations per column, kept in a JSON or YAML file next to the data.</summary>
/// <param name="Columns">The expectations by column name.</param>
/// <param name="MinRows">The fewest rows the data may have (null: not checked).</param>
public sealed record ValidationSuite(IReadOnlyDictionary<string, ColumnExpectation> Columns, int? MinRows = null);

/// <summary>The verdict of one check.</summary>
/// <param name="Column">The column (empty for table checks).</param>
/// <param name="Check">type, min, max, allowed, null_share, unique, present or rows.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">The numbers behind it, e.g. "3 value(s) above 120 (largest 150)".</param>
public sealed record CheckResult(string Column, string Check, bool Passed, string Detail);

/// <summary>The verdicts of a suite on one table.</summary>
/// <param name="Checks">Every check, in suite order.</param>
public sealed record ValidationResult(IReadOnlyList<CheckResult> Checks)
{
    /// <summary>True when every check held.</summary>
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The checks that failed.</summary>
    public IEnumerable<CheckResult> Failures => Checks.Where(c => !c.Passed);

    /// <summary>One line per failed check: "column 'age' max: 3 value(s) above 120 (largest 150)".</summary>
    public IEnumerable<string> FailureLines => Failures.Select(f => f.Column.Length == 0 ? $"{f.Check}: {f.Detail}" : $"column '{f.Column}' {f.Check}: {f.Detail}");
}
