namespace MlNotebooks.Tracking;

/// <summary>A file logged as a run artifact: its path inside the run and the content it points at.</summary>
/// <param name="Path">Relative path with forward slashes.</param>
/// <param name="Md5">Content hash (address in the content store).</param>
/// <param name="Size">Bytes.</param>
public sealed record ArtifactEntry(string Path, string Md5, long Size);
