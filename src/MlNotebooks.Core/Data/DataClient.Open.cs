using MlNotebooks.Tracking;

namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>
    /// Opens a tracked file (or a file inside a tracked folder) as it was at a version: a git revision of its pointer
    /// file, or null for the version the workspace's pointer file records. The stream reads from the cache.
    /// </summary>
    public Stream Open(string path, string? version = null) => Cache.OpenRead(Resolve(path, version).Md5);

    /// <summary>The md5 and workspace path of a file at a version (see <see cref="Open"/>).</summary>
    public (string WorkspacePath, string Md5) Resolve(string path, string? version = null)
    {
        var rel = ResolveUserPath(path);
        foreach (var t in TrackedAt(version))
        {
            if (t.WorkspacePath == rel)
            {
                if (t.Output.IsDirectory) throw MlnbException.Invalid($"'{path}' is a tracked folder; open a file inside it, e.g. '{path}/FILE'");
                return (rel, t.Output.Md5);
            }
            if (t.Output.IsDirectory && rel.StartsWith(t.WorkspacePath + "/", StringComparison.Ordinal))
            {
                var inner = rel[(t.WorkspacePath.Length + 1)..];
                var e = LoadManifest(t.Output.Md5).FirstOrDefault(x => x.RelPath == inner);
                if (e.Md5 is null) throw MlnbException.NotFound($"'{inner}' is not in the tracked folder '{t.WorkspacePath}' at version {version ?? "(workspace)"}; list it with `mlnb data ls`");
                return (rel, e.Md5);
            }
        }
        throw MlnbException.NotFound($"'{path}' is not tracked at version {version ?? "(workspace)"}; add it with `mlnb data add {path}` or check the revision");
    }

    /// <summary>
    /// Records on a run the data versions it read (MLflow run inputs, source type <c>dvc</c>), so lineage can follow
    /// data version → run. Each path is a tracked output (or a file in a tracked folder) at the workspace's version.
    /// </summary>
    public async Task<IReadOnlyList<DatasetInput>> LogInputsAsync(string runId, IEnumerable<string> paths, string context = "", CancellationToken cancellationToken = default)
    {
        var inputs = new List<DatasetInput>();
        foreach (var p in paths)
        {
            var rel = ResolveUserPath(p);
            var tracked = ListTracked().FirstOrDefault(t => t.WorkspacePath == rel);
            var (ws, md5) = tracked is not null ? (rel, tracked.Output.Md5) : Resolve(p);
            inputs.Add(new DatasetInput(ws, md5, "dvc", tracked?.PointerFile ?? ws, context));
        }
        await Workspace.Tracking.LogInputsAsync(runId, inputs, cancellationToken).ConfigureAwait(false);
        return inputs;
    }
}
