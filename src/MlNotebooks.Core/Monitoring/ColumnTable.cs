namespace MlNotebooks.Monitoring;

/// <summary>One named column of a window: numbers (NaN for missing) or labels (null for missing).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Numbers">The values of a numeric column; null for a categorical one.</param>
/// <param name="Labels">The values of a categorical column; null for a numeric one.</param>
public sealed record TableColumn(string Name, double[]? Numbers, string?[]? Labels)
{
    /// <summary>True for a numeric column.</summary>
    public bool IsNumeric => Numbers is not null;

    /// <summary>The number of rows.</summary>
    public int Length => Numbers?.Length ?? Labels?.Length ?? 0;

    /// <summary>"numeric" or "categorical", for messages and reports.</summary>
    public string KindName => IsNumeric ? "numeric" : "categorical";

    /// <summary>A numeric column.</summary>
    public static TableColumn Numeric(string name, double[] values) => new(name, values, null);

    /// <summary>A categorical column.</summary>
    public static TableColumn Categorical(string name, string?[] values) => new(name, null, values);
}

/// <summary>A window of rows as named columns (reference data, a recorded window, a training set).</summary>
public sealed class ColumnTable
{
    private readonly Dictionary<string, TableColumn> _byName;

    /// <summary>Creates a table; every column must have the same length and a unique name.</summary>
    public ColumnTable(IReadOnlyList<TableColumn> columns)
    {
        Columns = columns;
        _byName = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_byName.TryAdd(c.Name, c)) throw MlnbException.Invalid($"column '{c.Name}' appears twice; give each column a unique name");
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        foreach (var c in columns)
            if (c.Length != RowCount) throw MlnbException.Invalid($"column '{c.Name}' has {c.Length} rows but '{columns[0].Name}' has {RowCount}; columns must have the same length");
    }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public TableColumn? Find(string name) => _byName.GetValueOrDefault(name);
}
