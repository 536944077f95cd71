using MlNotebooks.Storage;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data;

/// <summary>
/// Data versioning compatible with DVC 3: <c>.dvc</c> pointer files, <c>.dir</c> manifests and the
/// <c>files/md5/xx/…</c> cache (the workspace's content store). Get one from <c>workspace.Data</c>.
/// </summary>
public sealed partial class DataClient : IDisposable
{
    private readonly Workspace _workspace;
    private readonly Lazy<HashCache> _hashCache;

    /// <summary>Creates a client over a workspace that has a project root (a folder with <c>.mlnb/</c>).</summary>
    public DataClient(Workspace workspace, DataOptions? options = null)
    {
        _workspace = workspace;
        Options = options ?? new DataOptions();
        Options.Validate();
        Root = workspace.Root ?? throw MlnbException.State("data versioning needs a project folder; run `mlnb init` in it (the workspace was opened from a URI alone)");
        _hashCache = new Lazy<HashCache>(() => new HashCache(Path.Combine(Root, Workspace.FolderName, "tmp", "data-state.db")));
    }

    /// <summary>The project folder (where <c>.mlnb/</c> is).</summary>
    public string Root { get; }

    /// <summary>The options in use.</summary>
    public DataOptions Options { get; }

    /// <summary>The cache (DVC's cache dir): the workspace's content store.</summary>
    public ContentStore Cache => _workspace.Content;

    internal Workspace Workspace => _workspace;

    internal HashCache HashCache => _hashCache.Value;

    /// <summary>Every output tracked in the workspace: <c>*.dvc</c> files and the outputs in <c>dvc.lock</c>.</summary>
    public IReadOnlyList<TrackedData> ListTracked()
    {
        var result = new List<TrackedData>();
        Walk(Root, result);
        var lockPath = Path.Combine(Root, Pipelines.LockFile.FileName);
        if (File.Exists(lockPath))
        {
            // Outputs declared `cache: false` in dvc.yaml (small metrics kept in git) are recorded in dvc.lock but never cached.
            var yamlPath = Path.Combine(Root, Pipelines.PipelineFile.FileName);
            var uncached = File.Exists(yamlPath)
                ? Pipelines.PipelineFile.Parse(File.ReadAllText(yamlPath), Pipelines.PipelineFile.FileName).SelectMany(s => s.Outs).Where(o => !o.Cache).Select(o => o.Path).ToHashSet(StringComparer.Ordinal)
                : [];
            result.AddRange(TrackedFromText(Pipelines.LockFile.FileName, File.ReadAllText(lockPath)).Where(t => !uncached.Contains(t.WorkspacePath)));
        }
        return result;
    }

    private void Walk(string dir, List<TrackedData> result)
    {
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, "*" + DvcFile.Extension))
        {
            var rel = Rel(f);
            foreach (var t in TrackedFromText(rel, File.ReadAllText(f)))
            {
                result.Add(t);
                outputs.Add(Full(t.WorkspacePath));
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(dir))
        {
            var name = Path.GetFileName(sub);
            if (name is ".git" or Workspace.FolderName or ".dvc" || outputs.Contains(sub)) continue;
            if (new DirectoryInfo(sub).LinkTarget is not null) continue;
            Walk(sub, result);
        }
    }

    /// <summary>Outputs recorded in a pointer file's text (<c>.dvc</c> or <c>dvc.lock</c>), relative to the root.</summary>
    internal static IEnumerable<TrackedData> TrackedFromText(string pointerRel, string text)
    {
        var dir = Path.GetDirectoryName(pointerRel)?.Replace('\\', '/') ?? "";
        IEnumerable<DataOutput> outs = Path.GetFileName(pointerRel) == Pipelines.LockFile.FileName
            ? Pipelines.LockFile.Parse(text, pointerRel).Values.SelectMany(s => s.Outs)
            : DvcFile.Parse(text, pointerRel);
        foreach (var o in outs)
            yield return new TrackedData(pointerRel, dir.Length == 0 ? o.Path : dir + "/" + o.Path, o);
    }

    /// <summary>Workspace-relative, '/'-separated form of a full path.</summary>
    internal string Rel(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    internal string Full(string rel) => Path.GetFullPath(Path.Combine(Root, rel));

    /// <summary>Resolves a user path (relative to the current folder) to a workspace-relative one inside the project.</summary>
    internal string ResolveUserPath(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var rel = Rel(full);
        if (rel == "." || rel.StartsWith("../", StringComparison.Ordinal) || rel == ".." || Path.IsPathRooted(rel))
            throw MlnbException.Invalid($"'{path}' is outside the project '{Root}'; move it into the project folder first");
        var first = rel.Split('/')[0];
        if (first is ".git" or Workspace.FolderName or ".dvc")
            throw MlnbException.Invalid($"'{path}' is inside {first}/, which holds internal files; track data elsewhere");
        return rel;
    }

    /// <summary>Reads a manifest from the cache, validated.</summary>
    internal IReadOnlyList<DirEntry> LoadManifest(string address)
    {
        if (!Cache.Contains(address))
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"folder manifest {address} is not in the cache; run `mlnb data pull` (or `mlnb data fetch`) first");
        var bytes = File.ReadAllBytes(Cache.GetPath(address));
        var actual = DirManifest.Address(bytes);
        if (actual != address)
            throw new MlnbException(ErrorCode.DataCorrupted, $"cache object {address} is corrupted (its bytes hash to {actual}); delete '{Cache.GetPath(address)}' and run `mlnb data pull`");
        return DirManifest.Parse(bytes, $"manifest {address}");
    }

    /// <summary>Files under a folder (symlinks skipped): the hash job and the relpath inside the folder.</summary>
    internal List<(HashJob Job, string RelPath)> EnumerateFolder(string folderRel)
    {
        var full = Full(folderRel);
        var opts = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false, ReturnSpecialDirectories = false };
        var paths = new System.IO.Enumeration.FileSystemEnumerable<string>(full, (ref System.IO.Enumeration.FileSystemEntry e) => e.ToFullPath(), opts)
        {
            // Temp files of a write in progress (or of a killed one, until swept) are never data.
            ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => !e.IsDirectory && !(e.FileName.EndsWith(".tmp") && TempFiles.IsTempName(e.FileName.ToString())),
        };
        var list = new List<(HashJob, string)>();
        foreach (var path in paths)
        {
            var relpath = path[(full.Length + 1)..].Replace('\\', '/');
            list.Add((new HashJob(path, folderRel + "/" + relpath), relpath));
        }
        return list;
    }

    /// <summary>Hashes what is in the workspace at an output's path now: its md5 or manifest address (null when missing); with <paramref name="store"/>, also caches it.</summary>
    internal (string? Md5, long Size, int? NFiles, IReadOnlyList<DirEntry>? Entries) HashWorkspace(string rel, bool store = false, IProgress<DataProgress>? progress = null, CancellationToken ct = default)
    {
        var full = Full(rel);
        var hasher = new FileHasher(HashCache, store ? Cache : null, Options.Parallelism, link: store && Options.LinkType == LinkType.Hardlink, direct: Options.DirectWrites);
        if (File.Exists(full))
        {
            var r = hasher.Hash([new HashJob(full, rel)], [rel], progress, ct)[rel];
            return (r.Md5, r.Size, null, null);
        }
        if (!Directory.Exists(full)) return (null, 0, null, null);
        var files = EnumerateFolder(rel);
        var hashes = hasher.Hash(files.Select(f => f.Job).ToList(), [rel], progress, ct);
        var entries = files.Select(f => new DirEntry(f.RelPath, hashes[f.Job.Key].Md5)).ToList();
        var bytes = DirManifest.Serialize(entries);
        var address = DirManifest.Address(bytes);
        if (store) FileHasher.StoreBytes(Cache, address, bytes);
        return (address, files.Sum(f => hashes[f.Job.Key].Size), files.Count, entries);
    }

    /// <summary>Reads a YAML document's root mapping, or fails naming the file.</summary>
    internal static YamlMappingNode LoadYamlMapping(string text, string file)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0) return new YamlMappingNode();
            return stream.Documents[0].RootNode as YamlMappingNode ?? throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}' is not a YAML mapping; fix it");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}' is not valid YAML (line {e.Start.Line}: {e.Message.Split('\n')[0]}); fix it");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_hashCache.IsValueCreated) _hashCache.Value.Dispose();
    }
}
