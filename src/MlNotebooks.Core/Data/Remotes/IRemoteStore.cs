namespace MlNotebooks.Data.Remotes;

/// <summary>
/// A remote object store laid out like the cache (<c>files/md5/xx/yyyy…</c>), as DVC 3 remotes are. Push and pull
/// are one transfer over two of these; objects appear under their address only when complete.
/// </summary>
public interface IRemoteStore : IDisposable
{
    /// <summary>The remote's URL, for messages.</summary>
    string Url { get; }

    /// <summary>Which of these addresses the remote holds.</summary>
    Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken = default);

    /// <summary>Uploads a local file under an address (atomically: readers never see a partial object).</summary>
    Task UploadAsync(string address, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Downloads an object into a local file (which the caller verifies and renames).</summary>
    Task DownloadAsync(string address, string localFile, CancellationToken cancellationToken = default);
}
