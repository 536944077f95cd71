namespace MlNotebooks.Data;

/// <summary>What happened to a path between two versions.</summary>
public enum DataChange
{
    /// <summary>Present only in the newer version.</summary>
    Added,
    /// <summary>Present only in the older version.</summary>
    Deleted,
    /// <summary>Present in both with different content.</summary>
    Modified,
}

/// <summary>One changed file (or folder, when its manifest is not in the cache) between two versions.</summary>
/// <param name="Path">Workspace-relative path with <c>/</c> separators.</param>
/// <param name="Change">What changed.</param>
/// <param name="OldMd5">The md5 in the older version, or null.</param>
/// <param name="NewMd5">The md5 in the newer version, or null.</param>
public sealed record DataDiffEntry(string Path, DataChange Change, string? OldMd5, string? NewMd5);
