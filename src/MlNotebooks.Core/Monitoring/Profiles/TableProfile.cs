namespace MlNotebooks.Monitoring.Profiles;

/// <summary>
/// The profile of a table: one mergeable <see cref="ColumnProfile"/> per column, in the table's order. Two profiles
/// of windows with the same columns merge into the profile of both, without the raw rows.
/// </summary>
/// <param name="Rows">Rows profiled.</param>
/// <param name="Columns">The columns' profiles.</param>
public sealed record TableProfile(long Rows, IReadOnlyList<ColumnProfile> Columns)
{
    /// <summary>Profiles every column of <paramref name="table"/>.</summary>
    public static TableProfile Of(ColumnTable table) => new(table.RowCount, [.. table.Columns.Select(ColumnProfile.Of)]);

    /// <summary>The profile of a column, or null.</summary>
    public ColumnProfile? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The profile of both windows; the columns must agree in name, order and kind.</summary>
    public TableProfile Merge(TableProfile other)
    {
        if (!Columns.Select(c => c.Name).SequenceEqual(other.Columns.Select(c => c.Name), StringComparer.Ordinal))
            throw MlnbException.Invalid($"cannot merge profiles of different columns ({string.Join(",", Columns.Select(c => c.Name))} and {string.Join(",", other.Columns.Select(c => c.Name))}); profile windows of one schema");
        return new(Rows + other.Rows, [.. Columns.Zip(other.Columns, (a, b) => a.Merge(b))]);
    }
}
