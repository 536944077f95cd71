using MlNotebooks.Storage;

namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>
    /// Tracks files and folders like <c>dvc add</c>: hashes them (in parallel, skipping unchanged files), copies them
    /// into the cache, writes <c>PATH.dvc</c> and adds <c>/NAME</c> to the <c>.gitignore</c> beside them.
    /// </summary>
    /// <param name="paths">Files or folders, relative to the current folder or absolute, inside the project.</param>
    /// <param name="progress">Receives hashing progress.</param>
    /// <param name="cancellationToken">Cancels the work; nothing partial is left under a real address.</param>
    /// <returns>What was recorded, one per path.</returns>
    public Task<IReadOnlyList<TrackedData>> AddAsync(IEnumerable<string> paths, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Add(paths.ToList(), progress, cancellationToken), cancellationToken);

    private IReadOnlyList<TrackedData> Add(List<string> paths, IProgress<DataProgress>? progress, CancellationToken ct)
    {
        if (paths.Count == 0) throw MlnbException.Invalid("nothing to add; name files or folders, e.g. `mlnb data add data/raw`");
        var rels = paths.Select(ResolveUserPath).Distinct().ToList();
        // A write to the cache: first reclaim what killed writers left in its tmp/ (even when nothing new is copied).
        TempFiles.SweepOnce(Cache.TempRoot);

        var jobs = new List<HashJob>();
        var folders = new Dictionary<string, List<(HashJob Job, string RelPath)>>();
        foreach (var (rel, user) in rels.Zip(paths))
        {
            if (rel.EndsWith(DvcFile.Extension, StringComparison.Ordinal))
                throw MlnbException.Invalid($"'{user}' is a pointer file; add the data it points at ('{user[..^4]}')");
            var inside = TrackedFolderAbove(rel);
            if (inside is not null)
                throw MlnbException.Invalid($"'{user}' is inside the tracked folder '{inside}'; run `mlnb data add {inside}` to record the folder's new version");
            var full = Full(rel);
            if (File.Exists(full)) jobs.Add(new HashJob(full, rel));
            else if (Directory.Exists(full))
            {
                TempFiles.SweepOnce(full, recursive: true);
                var files = EnumerateFolder(rel);
                folders[rel] = files;
                jobs.AddRange(files.Select(f => f.Job));
            }
            else throw MlnbException.NotFound($"'{user}' does not exist; check the path (run `mlnb data checkout {user}` to restore a tracked version)");
        }
        var hasher = new FileHasher(HashCache, Cache, Options.Parallelism, link: Options.LinkType == LinkType.Hardlink, direct: Options.DirectWrites);
        var hashes = hasher.Hash(jobs, rels, progress, ct);
        EnsureDvcInterop();

        var result = new List<TrackedData>();
        foreach (var rel in rels)
        {
            DataOutput output;
            var name = Path.GetFileName(rel);
            if (folders.TryGetValue(rel, out var files))
            {
                var bytes = DirManifest.Serialize(files.Select(f => new DirEntry(f.RelPath, hashes[f.Job.Key].Md5)));
                var address = DirManifest.Address(bytes);
                FileHasher.StoreBytes(Cache, address, bytes);
                output = new DataOutput(name, address, files.Sum(f => hashes[f.Job.Key].Size), files.Count);
            }
            else
            {
                output = new DataOutput(name, hashes[rel].Md5, hashes[rel].Size);
            }
            FaultPoint.Hit("data.pointer");
            var pointer = rel + DvcFile.Extension;
            var text = DvcFile.Write([output]);
            var pointerFull = Full(pointer);
            if (!File.Exists(pointerFull) || File.ReadAllText(pointerFull) != text) AtomicFile.WriteAllText(pointerFull, text);
            GitIgnore.Ensure(Full(rel));
            result.Add(new TrackedData(pointer, rel, output));
        }
        return result;
    }

    /// <summary>A tracked folder (a sibling <c>NAME.dvc</c> recording a <c>.dir</c>) that contains <paramref name="rel"/>, or null.</summary>
    private string? TrackedFolderAbove(string rel)
    {
        var parts = rel.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var folder = string.Join('/', parts[..i]);
            var pointer = Full(folder + DvcFile.Extension);
            if (File.Exists(pointer) && TrackedFromText(folder + DvcFile.Extension, File.ReadAllText(pointer)).Any(t => t.WorkspacePath == folder && t.Output.IsDirectory))
                return folder;
        }
        return null;
    }

    /// <summary>
    /// Makes the project usable by DVC itself: creates <c>.dvc/config</c> with <c>cache.dir</c> pointing at the
    /// workspace cache (when the project has no <c>.dvc/</c> yet) and <c>.dvc/.gitignore</c> as <c>dvc init</c> writes it.
    /// </summary>
    internal void EnsureDvcInterop()
    {
        var dvcDir = Path.Combine(Root, ".dvc");
        if (Directory.Exists(dvcDir)) return;
        Directory.CreateDirectory(dvcDir);
        var config = new DvcConfig();
        config.Set("cache", "dir", Path.GetRelativePath(dvcDir, Cache.Root).Replace('\\', '/'));
        config.Save(Path.Combine(dvcDir, "config"));
        AtomicFile.WriteAllText(Path.Combine(dvcDir, ".gitignore"), "/config.local\n/tmp\n/cache\n");
        var dvcignore = Path.Combine(Root, ".dvcignore");
        if (!File.Exists(dvcignore)) AtomicFile.WriteAllText(dvcignore, "# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n");
    }
}
