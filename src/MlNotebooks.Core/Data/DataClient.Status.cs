namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>Compares every tracked output (or those under <paramref name="path"/>) with the workspace and the cache.</summary>
    public Task<IReadOnlyList<DataStatusEntry>> StatusAsync(string? path = null, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<DataStatusEntry>>(() =>
        {
            var result = new List<DataStatusEntry>();
            foreach (var t in Select(path))
            {
                var now = HashWorkspace(t.WorkspacePath, ct: cancellationToken);
                var state = now.Md5 is null ? DataState.Deleted
                    : now.Md5 != t.Output.Md5 ? DataState.Modified
                    : !InCache(t.Output) ? DataState.NotInCache
                    : DataState.Unchanged;
                result.Add(new DataStatusEntry(t, state));
            }
            return result;
        }, cancellationToken);

    /// <summary>Tracked outputs, each with whether its version is fully in the cache.</summary>
    public IReadOnlyList<(TrackedData Data, bool InCache)> List(string? path = null) =>
        Select(path).Select(t => (t, InCache(t.Output))).ToList();

    /// <summary>True when the object (and for a folder, its manifest and every file) is in the cache.</summary>
    internal bool InCache(DataOutput o)
    {
        if (!Cache.Contains(o.Md5)) return false;
        if (!o.IsDirectory) return true;
        try
        {
            return LoadManifest(o.Md5).All(e => Cache.Contains(e.Md5));
        }
        catch (MlnbException)
        {
            return false;
        }
    }

    /// <summary>Tracked outputs at or under a user path (all when null).</summary>
    internal IReadOnlyList<TrackedData> Select(string? path)
    {
        var all = ListTracked();
        if (string.IsNullOrEmpty(path)) return all;
        var rel = path.EndsWith(DvcFile.Extension, StringComparison.Ordinal) ? ResolveUserPath(path[..^4]) : ResolveUserPath(path);
        var hit = all.Where(t => t.WorkspacePath == rel || t.WorkspacePath.StartsWith(rel + "/", StringComparison.Ordinal) || rel.StartsWith(t.WorkspacePath + "/", StringComparison.Ordinal)).ToList();
        if (hit.Count == 0) throw MlnbException.NotFound($"'{path}' is not tracked; add it with `mlnb data add {path}`");
        return hit;
    }
}
