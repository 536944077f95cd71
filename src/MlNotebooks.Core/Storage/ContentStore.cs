using System.Security.Cryptography;

namespace MlNotebooks.Storage;

/// <summary>
/// A content-addressed blob store laid out as DVC 3's cache (<c>ROOT/files/md5/ab/cdef…</c>), so data versions,
/// run artifacts and model files share one deduplicated store. Blobs are written to a temporary file and renamed
/// into place, so a crash never leaves a partial blob under a real address; placed blobs are read-only.
/// </summary>
public sealed class ContentStore
{
    private const int BufferSize = 1 << 20;

    /// <summary>Opens (and creates when missing) a store rooted at <paramref name="root"/>.</summary>
    public ContentStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store's root folder (the equivalent of DVC's cache dir).</summary>
    public string Root { get; }

    /// <summary>The folder that holds md5-addressed blobs.</summary>
    public string ObjectsRoot => Path.Combine(Root, "files", "md5");

    /// <summary>Where the blob with this hash lives (whether or not it is present).</summary>
    public string GetPath(string md5)
    {
        ValidateMd5(md5);
        return Path.Combine(ObjectsRoot, md5[..2], md5[2..]);
    }

    /// <summary>True when the blob is present.</summary>
    public bool Contains(string md5) => File.Exists(GetPath(md5));

    /// <summary>Copies a file into the store (one read: hashes while copying). Returns its address.</summary>
    public async Task<ContentRef> AddFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"file '{path}' does not exist; check the path");
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await AddStreamAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a stream into the store. Returns its address.</summary>
    public async Task<ContentRef> AddStreamAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var tmp = NewTempFile();
        try
        {
            string md5;
            long size = 0;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            await using (var target = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                md5 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            Place(tmp, md5);
            return new ContentRef(md5, size);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The folder for temporary files of writes in progress (<c>ROOT/tmp</c>).</summary>
    public string TempRoot => Path.Combine(Root, "tmp");

    /// <summary>
    /// A path for a new temporary file in <see cref="TempRoot"/>, named for this process; the first call in a process
    /// removes what killed writers left there.
    /// </summary>
    public string NewTempFile()
    {
        Directory.CreateDirectory(TempRoot);
        TempFiles.SweepOnce(TempRoot);
        return TempFiles.NewPath(TempRoot);
    }

    /// <summary>Removes temp files whose writer is gone (what <c>mlnb data gc</c> reclaims besides objects).</summary>
    public TempSweep SweepTempFiles(bool dryRun = false) => TempFiles.Sweep(TempRoot, dryRun: dryRun);

    /// <summary>Moves a finished temporary file to its address (or drops it when the blob is already there).</summary>
    internal void Place(string tmp, string md5)
    {
        var dest = GetPath(md5);
        if (File.Exists(dest)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            File.Move(tmp, dest, overwrite: false);
            FaultPoint.Hit("store.place");
        }
        catch (IOException) when (File.Exists(dest))
        {
            // Another writer placed the same content first: same bytes, nothing to do.
        }
    }

    /// <summary>Opens a blob for reading; fails with a clear message when it is missing.</summary>
    public Stream OpenRead(string md5)
    {
        var path = GetPath(md5);
        if (!File.Exists(path))
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"content {md5} is not in the store at '{Root}'; pull it from a remote (`mlnb data pull`) or log it again");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
    }

    /// <summary>Rehashes a blob; false when its bytes no longer match its address.</summary>
    public async Task<bool> VerifyAsync(string md5, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenRead(md5);
        var actual = Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        return actual == md5 || actual + ".dir" == md5;
    }

    /// <summary>Writes a blob to a file (via a temporary file and a rename), verifying its hash on the way.</summary>
    public async Task CopyToFileAsync(string md5, string destination, CancellationToken cancellationToken = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(dir);
        TempFiles.SweepOnce(dir);
        var tmp = TempFiles.Beside(destination);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var source = OpenRead(md5))
            await using (var target = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != md5 && actual + ".dir" != md5)
                throw new MlnbException(ErrorCode.DataCorrupted, $"content {md5} in '{Root}' is corrupted (its bytes hash to {actual}); delete '{GetPath(md5)}' and pull or log it again");
            File.Move(tmp, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Computes the MD5 of a file without storing it.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    private static void ValidateMd5(string md5)
    {
        // DVC 3 stores a folder's manifest under its md5 plus ".dir" (files/md5/ab/cdef….dir).
        var hex = md5.EndsWith(".dir", StringComparison.Ordinal) ? md5[..^4] : md5;
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigitLower))
            throw new MlnbException(ErrorCode.InvalidParameterValue, $"'{md5}' is not an md5 content address (32 lowercase hex characters, optionally followed by .dir)");
    }
}
