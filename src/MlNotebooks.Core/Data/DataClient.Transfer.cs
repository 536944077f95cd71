using MlNotebooks.Data.Remotes;

namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>
    /// Sends the cache objects of the tracked outputs (all, or those at/under <paramref name="path"/>) that the remote
    /// lacks, in parallel. Each object is verified against its hash first; a corrupted one is reported, never sent.
    /// </summary>
    public async Task<TransferResult> PushAsync(string? path = null, string? remote = null, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outputs = Select(path);
        using var store = OpenRemote(remote);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var missing = 0;
        foreach (var t in outputs)
        {
            if (!Cache.Contains(t.Output.Md5)) { missing++; continue; }
            if (t.Output.IsDirectory)
                foreach (var e in LoadManifest(t.Output.Md5))
                    if (Cache.Contains(e.Md5)) wanted.Add(e.Md5); else missing++;
            wanted.Add(t.Output.Md5);
        }
        var there = await store.ContainsAsync(wanted, cancellationToken).ConfigureAwait(false);
        // Manifests last: a remote that has a .dir has every file it lists, so an interrupted push resumes cleanly.
        var todo = wanted.Where(a => !there.Contains(a)).OrderBy(a => a.EndsWith(".dir", StringComparison.Ordinal)).ToList();
        var files = todo.Where(a => !a.EndsWith(".dir", StringComparison.Ordinal)).ToList();
        var dirs = todo.Where(a => a.EndsWith(".dir", StringComparison.Ordinal)).ToList();
        var counter = new TransferCounter("push", todo.Count, todo.Sum(a => new FileInfo(Cache.GetPath(a)).Length), progress);
        var bytes = await TransferAsync(files, counter, (a, ct) => PushOne(store, a, ct), cancellationToken).ConfigureAwait(false);
        bytes += await TransferAsync(dirs, counter, (a, ct) => PushOne(store, a, ct), cancellationToken).ConfigureAwait(false);
        return new TransferResult(todo.Count, wanted.Count - todo.Count, bytes, missing);
    }

    private async Task<long> PushOne(IRemoteStore store, string address, CancellationToken ct)
    {
        if (!await Cache.VerifyAsync(address, ct).ConfigureAwait(false))
            throw new MlnbException(ErrorCode.DataCorrupted, $"cache object {address} is corrupted (its bytes no longer match its hash); it was not pushed; delete '{Cache.GetPath(address)}' and add or pull the data again");
        await store.UploadAsync(address, Cache.GetPath(address), ct).ConfigureAwait(false);
        return new FileInfo(Cache.GetPath(address)).Length;
    }

    /// <summary>Downloads the objects of the tracked outputs that the cache lacks, verifying each before it is placed.</summary>
    public async Task<TransferResult> FetchAsync(string? path = null, string? remote = null, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var outputs = Select(path);
        using var store = OpenRemote(remote);
        MlNotebooks.Storage.TempFiles.SweepOnce(Cache.TempRoot);
        var manifests = outputs.Where(t => t.Output.IsDirectory && !Cache.Contains(t.Output.Md5)).Select(t => t.Output.Md5).Distinct().ToList();
        long bytes = 0;
        if (manifests.Count > 0)
        {
            var onRemote = await store.ContainsAsync(manifests, cancellationToken).ConfigureAwait(false);
            var absent = manifests.FirstOrDefault(m => !onRemote.Contains(m));
            if (absent is not null) throw NotOnRemote(store, absent, outputs);
            bytes += await TransferAsync(manifests, new TransferCounter("fetch", manifests.Count, 0, progress), (a, ct) => FetchOne(store, a, ct), cancellationToken).ConfigureAwait(false);
        }
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in outputs)
        {
            if (t.Output.IsDirectory) foreach (var e in LoadManifest(t.Output.Md5)) wanted.Add(e.Md5);
            else wanted.Add(t.Output.Md5);
        }
        var todo = wanted.Where(a => !Cache.Contains(a)).ToList();
        if (todo.Count > 0)
        {
            var onRemote = await store.ContainsAsync(todo, cancellationToken).ConfigureAwait(false);
            var absent = todo.FirstOrDefault(m => !onRemote.Contains(m));
            if (absent is not null) throw NotOnRemote(store, absent, outputs);
            bytes += await TransferAsync(todo, new TransferCounter("fetch", todo.Count, 0, progress), (a, ct) => FetchOne(store, a, ct), cancellationToken).ConfigureAwait(false);
        }
        return new TransferResult(todo.Count + manifests.Count, wanted.Count - todo.Count, bytes);
    }

    /// <summary>Fetches what is missing, then checks out (like <c>dvc pull</c>).</summary>
    public async Task<(TransferResult Fetched, CheckoutResult Checkout)> PullAsync(string? path = null, string? remote = null, bool force = false, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var fetched = await FetchAsync(path, remote, progress, cancellationToken).ConfigureAwait(false);
        var checkout = await CheckoutAsync(path, force, progress, cancellationToken).ConfigureAwait(false);
        return (fetched, checkout);
    }

    private static MlnbException NotOnRemote(IRemoteStore store, string address, IReadOnlyList<TrackedData> outputs) =>
        new(ErrorCode.ResourceDoesNotExist, $"object {address} is not on remote '{store.Url}'; push it from a workspace that has it (`mlnb data push`)");

    private async Task<long> FetchOne(IRemoteStore store, string address, CancellationToken ct)
    {
        var tmp = Cache.NewTempFile();
        try
        {
            await store.DownloadAsync(address, tmp, ct).ConfigureAwait(false);
            string actual;
            await using (var s = File.OpenRead(tmp))
                actual = Convert.ToHexStringLower(await System.Security.Cryptography.MD5.HashDataAsync(s, ct).ConfigureAwait(false));
            if (actual != address && actual + ".dir" != address)
                throw new MlnbException(ErrorCode.DataCorrupted, $"object {address} on remote '{store.Url}' is corrupted (its bytes hash to {actual}); it was not placed in the cache; push it again from a good copy");
            var size = new FileInfo(tmp).Length;
            Cache.Place(tmp, address);
            return size;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private async Task<long> TransferAsync(IReadOnlyList<string> addresses, TransferCounter counter, Func<string, CancellationToken, Task<long>> one, CancellationToken ct)
    {
        long bytes = 0;
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = Options.TransferParallelism, CancellationToken = ct }, async (a, token) =>
        {
            var b = await one(a, token).ConfigureAwait(false);
            Interlocked.Add(ref bytes, b);
            counter.Done(b);
        }).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Counts one transfer's objects and bytes (across its phases) and reports them (total bytes 0: not known ahead).</summary>
    private sealed class TransferCounter(string operation, int totalFiles, long totalBytes, IProgress<DataProgress>? progress)
    {
        private long _bytes;
        private int _files;

        public void Done(long bytes)
        {
            var b = Interlocked.Add(ref _bytes, bytes);
            var f = Interlocked.Increment(ref _files);
            progress?.Report(new DataProgress(operation, b, totalBytes, f, totalFiles));
        }
    }
}
