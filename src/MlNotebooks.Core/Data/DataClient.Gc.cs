using MlNotebooks.Storage;
using MlNotebooks.Storage.Sql;

namespace MlNotebooks.Data;

/// <summary>What garbage collection found.</summary>
/// <param name="Kept">Objects still referenced.</param>
/// <param name="Removed">Objects removed (or that would be, on a dry run).</param>
/// <param name="RemovedBytes">Their total size.</param>
public sealed record GcResult(int Kept, IReadOnlyList<string> Removed, long RemovedBytes)
{
    /// <summary>Temp files of writers that are gone (killed adds, pulls, checkouts), removed or that would be.</summary>
    public TempSweep Temp { get; init; } = TempSweep.None;
}

public sealed partial class DataClient
{
    /// <summary>
    /// Removes cache objects nothing refers to. Kept: outputs of the workspace's pointer files, of every git commit's
    /// pointer files (unless <paramref name="workspaceOnly"/>), of the pipeline run cache, and every run artifact.
    /// </summary>
    public async Task<GcResult> GcAsync(bool workspaceOnly = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var outputs = new List<DataOutput>(ListTracked().Select(t => t.Output));
        if (!workspaceOnly && Directory.Exists(Path.Combine(Root, ".git")))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rev in Git.Run(Root, "rev-list", "--all").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                foreach (var line in Git.Run(Root, "ls-tree", "-r", rev).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var tab = line.IndexOf('\t');
                    var name = line[(tab + 1)..];
                    var sha = line.Split(' ')[2][..40];
                    if ((name.EndsWith(DvcFile.Extension, StringComparison.Ordinal) || name == Pipelines.LockFile.FileName) && seen.Add(sha))
                    {
                        try { outputs.AddRange(TrackedFromText(name, Git.Run(Root, "cat-file", "blob", sha)).Select(t => t.Output)); }
                        catch (MlnbException) { /* an old unreadable pointer file refers to nothing we can keep */ }
                    }
                }
        }
        outputs.AddRange(Pipelines.RunCache.AllOutputs(Cache));
        foreach (var o in outputs)
        {
            keep.Add(o.Md5);
            if (o.IsDirectory && Cache.Contains(o.Md5))
                foreach (var e in LoadManifest(o.Md5)) keep.Add(e.Md5);
        }
        await using (var c = await Workspace.Database.OpenAsync(cancellationToken).ConfigureAwait(false))
            foreach (var md5 in await c.QueryAsync(null, "SELECT DISTINCT md5 FROM artifacts", r => r.GetString(0), cancellationToken).ConfigureAwait(false))
                keep.Add(md5);

        var removed = new List<string>();
        long bytes = 0;
        var kept = 0;
        if (Directory.Exists(Cache.ObjectsRoot))
            foreach (var dir in Directory.EnumerateDirectories(Cache.ObjectsRoot))
                foreach (var f in Directory.EnumerateFiles(dir))
                {
                    var address = Path.GetFileName(dir) + Path.GetFileName(f);
                    if (keep.Contains(address)) { kept++; continue; }
                    removed.Add(address);
                    bytes += new FileInfo(f).Length;
                    if (!dryRun) File.Delete(f);
                }
        // Temp files killed writers left behind: in the cache's tmp/ and beside the tracked outputs (never under a real address).
        var temp = Cache.SweepTempFiles(dryRun);
        foreach (var rel in ListTracked().Select(t => t.WorkspacePath).Distinct(StringComparer.Ordinal))
        {
            var full = Full(rel);
            temp = temp.Add(Directory.Exists(full) ? TempFiles.Sweep(full, recursive: true, dryRun) : TempFiles.Sweep(Path.GetDirectoryName(full)!, recursive: false, dryRun));
        }
        return new GcResult(kept, removed, bytes) { Temp = temp };
    }
}
