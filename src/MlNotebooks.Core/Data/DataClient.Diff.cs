namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>
    /// Files that differ between two git revisions of the pointer files (<paramref name="revA"/> defaults to HEAD;
    /// a null <paramref name="revB"/> means the workspace as it is now), like <c>dvc diff</c>.
    /// </summary>
    public Task<IReadOnlyList<DataDiffEntry>> DiffAsync(string? revA = null, string? revB = null, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<DataDiffEntry>>(() =>
        {
            var a = FilesAt(revA ?? "HEAD", cancellationToken);
            var b = FilesAt(revB, cancellationToken);
            var result = new List<DataDiffEntry>();
            foreach (var (path, md5) in a)
            {
                if (!b.TryGetValue(path, out var other)) result.Add(new DataDiffEntry(path, DataChange.Deleted, md5, null));
                else if (other != md5) result.Add(new DataDiffEntry(path, DataChange.Modified, md5, other));
            }
            foreach (var (path, md5) in b)
                if (!a.ContainsKey(path)) result.Add(new DataDiffEntry(path, DataChange.Added, null, md5));
            return result.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        }, cancellationToken);

    /// <summary>Tracked outputs at a git revision (null: the workspace's pointer files).</summary>
    public IReadOnlyList<TrackedData> TrackedAt(string? rev) =>
        rev is null ? ListTracked() : Git.PointerFilesAt(Root, rev).SelectMany(p => TrackedFromText(p.Path, p.Text)).ToList();

    /// <summary>File → md5 for a revision, expanding folders through their manifests (a folder whose manifest is not in the cache stays one entry).</summary>
    private Dictionary<string, string> FilesAt(string? rev, CancellationToken ct)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in TrackedAt(rev))
        {
            if (rev is null)
            {
                var now = HashWorkspace(t.WorkspacePath, ct: ct);
                if (now.Md5 is null) continue;
                if (now.Entries is { } es) foreach (var e in es) files[t.WorkspacePath + "/" + e.RelPath] = e.Md5;
                else files[t.WorkspacePath] = now.Md5;
                continue;
            }
            if (t.Output.IsDirectory && Cache.Contains(t.Output.Md5))
                foreach (var e in LoadManifest(t.Output.Md5)) files[t.WorkspacePath + "/" + e.RelPath] = e.Md5;
            else files[t.WorkspacePath + (t.Output.IsDirectory ? "/" : "")] = t.Output.Md5;
        }
        return files;
    }
}
