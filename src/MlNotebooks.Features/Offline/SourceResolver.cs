using MlNotebooks.Data;


namespace MlNotebooks.Features.Offline;

/// <summary>Binds sources to files: a DVC-tracked file reads the version its pointer records, from the cache.</summary>
internal static class SourceResolver
{
    public static ResolvedSource Resolve(FileSource source, string repoDirectory, Workspace? workspace)
    {
        var path = Path.GetFullPath(Path.Combine(repoDirectory, source.Path));
        if (workspace?.Root is { } root && path.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && IsTracked(path))
        {
            var (_, md5) = workspace.Data.Resolve(path);
            var blob = workspace.Content.GetPath(md5);
            if (File.Exists(blob)) return new ResolvedSource(source, blob, source.Format, md5, path);
            if (File.Exists(path)) return new ResolvedSource(source, path, source.Format, md5, path);
            throw MlnbException.NotFound($"source '{source.Name}': version {md5[..8]} of '{source.Path}' is neither in the cache nor checked out; run `mlnb data pull {source.Path}`");
        }
        if (!File.Exists(path)) throw MlnbException.NotFound($"source '{source.Name}': '{source.Path}' does not exist (looked at {path}); fix 'path' in features.yaml");
        return new ResolvedSource(source, path, source.Format, null, path);
    }

    private static bool IsTracked(string path)
    {
        for (var p = path; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
            if (File.Exists(p + ".dvc")) return true;
        return false;
    }
}
