namespace MlNotebooks.Data;

/// <summary>How checkout places cache objects in the workspace (DVC's <c>cache.type</c>).</summary>
public enum LinkType
{
    /// <summary>Copy the bytes, verifying the hash on the way (safe everywhere; DVC's fallback).</summary>
    Copy,
    /// <summary>Hard-link to the read-only cache object (no copy; the workspace file becomes read-only); falls back to copy across devices.</summary>
    Hardlink,
}
