using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring;
using MlNotebooks.Registry;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>The reference a model version's drift is measured against: a file given, or the version's training input.</summary>
/// <param name="Table">The reference rows.</param>
/// <param name="Label">How to name it in output.</param>
/// <param name="FromVersion">True when it is the version's training input (kept at registration).</param>
internal sealed record ReferenceWindow(ColumnTable Table, string Label, bool FromVersion)
{
    /// <summary>
    /// Reads <paramref name="file"/> when given, else the training input registration kept for
    /// <paramref name="version"/>; a version without one is a one-line error naming <c>--reference</c>.
    /// </summary>
    public static async Task<ReferenceWindow> ReadAsync(Workspace ws, ModelVersion version, string? file, CancellationToken ct)
    {
        if (file is not null) return new(await MonitoringFiles.ReadAsync(file, ct).ConfigureAwait(false), file, false);
        if (ws.Registry.GetReference(version) is not { } r)
        {
            var why = ws.Registry.WhyNoReference(version);
            throw MlnbException.NotFound($"model '{version.Name}' version {version.Version} has no training data to compare with ({why}); give one with --reference FILE, or train with `mlnb train --data FILE` and register that run");
        }
        var table = await MonitoringFiles.ReadNamedAsync(r.DataPath, r.FileName, ct).ConfigureAwait(false);
        return new(table, $"the training data of version {version.Version} ({r.FileName}, md5 {r.DataMd5[..8]})", true);
    }

    /// <summary>
    /// The reference as the current data names its columns, and the columns to compare: <paramref name="columns"/>
    /// when given; for a training-data reference, the columns the current data also has (the label and other
    /// training-only columns are left out). A model whose input tensor names no columns is recorded as
    /// <c>TENSOR[0]</c>, <c>TENSOR[1]</c>, ...: those are matched by position to the training data's feature columns.
    /// </summary>
    public (ColumnTable Reference, IReadOnlyList<string>? Columns) Align(string? columns, ColumnTable current)
    {
        var table = Table;
        if (FromVersion && !table.Columns.Any(c => current.Find(c.Name) is not null) && Positional(table, current) is { } renamed) table = renamed;
        if (columns is not null) return (table, columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (!FromVersion) return (table, null);
        var shared = table.Columns.Select(c => c.Name).Where(n => current.Find(n) is not null).ToList();
        return shared.Count > 0 ? (table, shared)
            : throw MlnbException.Invalid($"the current data has none of the columns of {Label} ({string.Join(", ", Table.Columns.Take(5).Select(c => c.Name))}...); compare matching data or give --reference FILE");
    }

    /// <summary>The training table with its first k columns named <c>T[0]</c>…<c>T[k-1]</c> when the current data has exactly those of one tensor T.</summary>
    private static ColumnTable? Positional(ColumnTable table, ColumnTable current)
    {
        var first = current.Columns.Count > 0 ? current.Columns[0].Name : "";
        var bracket = first.EndsWith("[0]", StringComparison.Ordinal) ? first[..^3] : null;
        if (bracket is null) return null;
        var width = current.Columns.TakeWhile((c, i) => c.Name == $"{bracket}[{i}]").Count();
        if (width == 0 || width >= table.Columns.Count) return null;
        return new ColumnTable([.. table.Columns.Select((c, i) => i < width ? c with { Name = $"{bracket}[{i}]" } : c)]);
    }
}
