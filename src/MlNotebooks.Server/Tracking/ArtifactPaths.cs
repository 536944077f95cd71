using System.Text.Json.Nodes;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>Artifact paths inside a run: checked (no <c>..</c>, no absolute paths) and listed one level at a time, as MLflow lists them.</summary>
internal static class ArtifactPaths
{
    /// <summary>A relative path with forward slashes, or null for the root; <c>..</c>, <c>.</c> and absolute paths are refused.</summary>
    public static string? Normalize(string? path, string field)
    {
        if (string.IsNullOrEmpty(path)) return null;
        if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':') || path.Contains('\0'))
            throw MlnbException.Invalid($"invalid value '{Mlflow.MlflowRequest.Shorten(path)}' for parameter '{field}': artifact paths are relative, e.g. 'model/model.onnx'");
        var p = path.Replace('\\', '/').TrimEnd('/');
        if (p.Length == 0) return null;
        if (p.Split('/').Any(s => s is ".." or "." or ""))
            throw MlnbException.Invalid($"invalid value '{Mlflow.MlflowRequest.Shorten(path)}' for parameter '{field}': artifact paths may not contain '..', '.' or empty parts");
        return p;
    }

    /// <summary>MLflow FileInfos of the direct children of <paramref name="path"/>: files with their size, folders once each.</summary>
    public static IEnumerable<JsonObject> Children(IReadOnlyList<ArtifactEntry> entries, string? path)
    {
        var prefix = path is null ? "" : path + "/";
        var dirs = new SortedSet<string>(StringComparer.Ordinal);
        var files = new List<JsonObject>();
        foreach (var e in entries)
        {
            if (e.Path == path) continue; // listing a file lists nothing, as MLflow's does
            if (!e.Path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = e.Path[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash >= 0) dirs.Add(prefix + rest[..slash]);
            else files.Add(new JsonObject { ["path"] = e.Path, ["is_dir"] = false, ["file_size"] = e.Size });
        }
        return dirs.Select(d => new JsonObject { ["path"] = d, ["is_dir"] = true }).Concat(files).OrderBy(o => o["path"]!.GetValue<string>(), StringComparer.Ordinal);
    }
}
