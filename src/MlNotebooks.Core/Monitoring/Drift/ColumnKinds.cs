namespace MlNotebooks.Monitoring.Drift;

/// <summary>The kinds of column a statistical test accepts (Evidently's "num" and "cat").</summary>
[Flags]
public enum ColumnKinds
{
    /// <summary>No kind.</summary>
    None = 0,
    /// <summary>Numbers (integers and reals).</summary>
    Numeric = 1,
    /// <summary>Labels: strings and booleans.</summary>
    Categorical = 2,
}
