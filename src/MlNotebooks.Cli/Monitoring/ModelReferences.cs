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
            var why = version.Tags.GetValueOrDefault(RegistryClient.ReferenceErrorTag)
                ?? (version.Package.Datasets.Count == 0 ? $"its run {version.RunId ?? "(none)"} recorded no dataset input" : "it was registered before references were kept");
            throw MlnbException.NotFound($"model '{version.Name}' version {version.Version} has no training data to compare with ({why}); give one with --reference FILE, or train with `mlnb train --data FILE` and register that run");
        }
        var table = await MonitoringFiles.ReadNamedAsync(r.DataPath, r.FileName, ct).ConfigureAwait(false);
        return new(table, $"the training data of version {version.Version} ({r.FileName}, md5 {r.DataMd5[..8]})", true);
    }

    /// <summary>
    /// The columns to compare: <paramref name="columns"/> when given; for a training-data reference, the columns the
    /// current data also has (the label and other training-only columns are left out); otherwise null (all).
    /// </summary>
    public IReadOnlyList<string>? Columns(string? columns, ColumnTable current)
    {
        if (columns is not null) return columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!FromVersion) return null;
        var shared = Table.Columns.Select(c => c.Name).Where(n => current.Find(n) is not null).ToList();
        return shared.Count > 0 ? shared
            : throw MlnbException.Invalid($"the current data has none of the columns of {Label} ({string.Join(", ", Table.Columns.Take(5).Select(c => c.Name))}...); compare matching data or give --reference FILE");
    }
}
