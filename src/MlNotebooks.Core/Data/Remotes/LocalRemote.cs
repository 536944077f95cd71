namespace MlNotebooks.Data.Remotes;

/// <summary>A remote in a local or shared folder (what a hub uses). Writes go to a temp file then a rename.</summary>
internal sealed class LocalRemote : IRemoteStore
{
    private readonly string _root;

    public LocalRemote(string root, string url)
    {
        _root = Path.GetFullPath(root);
        Url = url;
    }

    public string Url { get; }

    private string PathOf(string address) => Path.Combine(_root, "files", "md5", address[..2], address[2..]);

    public Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
            throw new MlnbException(ErrorCode.StoreUnavailable, $"remote folder '{_root}' does not exist or is not reachable; create it or fix the URL with `mlnb data remote add NAME URL --force`");
        return Task.FromResult<IReadOnlySet<string>>(addresses.Where(a => File.Exists(PathOf(a))).ToHashSet(StringComparer.Ordinal));
    }

    public async Task UploadAsync(string address, string localFile, CancellationToken cancellationToken = default)
    {
        var dest = PathOf(address);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        MlNotebooks.Storage.TempFiles.SweepOnce(Path.GetDirectoryName(dest)!);
        var tmp = MlNotebooks.Storage.TempFiles.Beside(dest);
        try
        {
            await using (var src = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous))
            await using (var dst = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
                await src.CopyToAsync(dst, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            if (!File.Exists(dest)) File.Move(tmp, dest, overwrite: false);
            FaultPoint.Hit("remote.upload");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MlnbException(ErrorCode.PermissionDenied, $"cannot write to remote folder '{_root}': {e.Message}; check its permissions");
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public async Task DownloadAsync(string address, string localFile, CancellationToken cancellationToken = default)
    {
        var src = PathOf(address);
        if (!File.Exists(src)) throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"object {address} is not on remote '{Url}'; push it from a workspace that has it (`mlnb data push`)");
        await using var s = new FileStream(src, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var d = new FileStream(localFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        await s.CopyToAsync(d, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() { }
}
