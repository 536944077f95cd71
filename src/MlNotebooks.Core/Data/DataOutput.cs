namespace MlNotebooks.Data;

/// <summary>
/// One tracked output as DVC 3 writes it in a <c>.dvc</c> file or <c>dvc.lock</c>:
/// <c>{md5, size, nfiles, hash: md5, path}</c>. A folder's <see cref="Md5"/> ends in <c>.dir</c>.
/// </summary>
/// <param name="Path">The output's path relative to the <c>.dvc</c> file's folder, with <c>/</c> separators.</param>
/// <param name="Md5">The content md5 (a file's bytes, or a folder's manifest followed by <c>.dir</c>).</param>
/// <param name="Size">Total bytes (for a folder: the sum of its files).</param>
/// <param name="NFiles">Number of files for a folder; null for a file.</param>
public sealed record DataOutput(string Path, string Md5, long Size, int? NFiles = null)
{
    /// <summary>True when the output is a folder (its md5 names a <c>.dir</c> manifest).</summary>
    public bool IsDirectory => Md5.EndsWith(".dir", StringComparison.Ordinal);
}
