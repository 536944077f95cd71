using System.Collections.Concurrent;
using System.Security.Cryptography;
using MlNotebooks.Storage;

namespace MlNotebooks.Data;

/// <summary>A file to hash: where it is and its key in the hash cache (workspace-relative path).</summary>
internal readonly record struct HashJob(string FullPath, string Key, FileInfo Info);

/// <summary>
/// Hashes many files in parallel (one per core, largest first), streaming in 1 MiB blocks. Files whose
/// (path, inode, mtime, size) are in the hash cache are not read at all. With a store, a file that is hashed is
/// also copied into it in the same read (temp file, then rename under its md5).
/// </summary>
internal sealed class FileHasher(HashCache cache, ContentStore? store, int parallelism)
{
    private const int BlockSize = 1 << 20;

    public IReadOnlyDictionary<string, string> Hash(IReadOnlyList<HashJob> jobs, IReadOnlyList<string> cachePrefixes, IProgress<DataProgress>? progress, CancellationToken ct)
    {
        var known = new Dictionary<string, (FileIdentity Id, string Md5)>(StringComparer.Ordinal);
        foreach (var prefix in cachePrefixes)
            foreach (var (k, v) in cache.LoadUnder(prefix)) known[k] = v;
        var results = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var toHash = new List<(HashJob Job, FileIdentity Id)>();
        foreach (var job in jobs)
        {
            var id = FileIdentity.Of(job.Info);
            if (known.TryGetValue(job.Key, out var k) && k.Id == id && (store is null || store.Contains(k.Md5)))
                results[job.Key] = k.Md5;
            else
                toHash.Add((job, id));
        }
        if (toHash.Count == 0) return results;

        long total = toHash.Sum(t => t.Id.Size), done = 0;
        int files = 0;
        var fresh = new ConcurrentBag<(string, FileIdentity, string)>();
        var ordered = toHash.OrderByDescending(t => t.Id.Size).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };
        var lastReport = 0L;
        Parallel.ForEach(Partitioner.Create(ordered, EnumerablePartitionerOptions.NoBuffering), options,
            () => new byte[BlockSize],
            (item, _, buffer) =>
            {
                var md5 = store is null ? HashOnly(item.Job.FullPath, buffer, ct) : HashAndStore(item.Job.FullPath, buffer, ct);
                results[item.Job.Key] = md5;
                fresh.Add((item.Job.Key, item.Id, md5));
                var d = Interlocked.Add(ref done, item.Id.Size);
                var f = Interlocked.Increment(ref files);
                var now = Environment.TickCount64;
                if (progress is not null && (now - Interlocked.Read(ref lastReport) > 100 || f == ordered.Count))
                {
                    Interlocked.Exchange(ref lastReport, now);
                    progress.Report(new DataProgress("hashing", d, total, f, ordered.Count));
                }
                return buffer;
            },
            _ => { });
        cache.Save(fresh);
        return results;
    }

    private static string HashOnly(string path, byte[] buffer, CancellationToken ct)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            md5.AppendData(buffer, 0, read);
            offset += read;
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private string HashAndStore(string path, byte[] buffer, CancellationToken ct)
    {
        var tmpDir = Path.Combine(store!.Root, "tmp");
        Directory.CreateDirectory(tmpDir);
        var tmp = Path.Combine(tmpDir, $"{Guid.NewGuid():N}.tmp");
        try
        {
            string md5Hex;
            using (var source = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
            using (var target = File.OpenHandle(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None))
            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            {
                long offset = 0;
                int read;
                while ((read = RandomAccess.Read(source, buffer, offset)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    md5.AppendData(buffer, 0, read);
                    RandomAccess.Write(target, buffer.AsSpan(0, read), offset);
                    offset += read;
                }
                md5Hex = Convert.ToHexStringLower(md5.GetHashAndReset());
            }
            store.Place(tmp, md5Hex);
            return md5Hex;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Stores bytes (a manifest) under their address.</summary>
    public static void StoreBytes(ContentStore store, string address, byte[] bytes)
    {
        if (store.Contains(address)) return;
        var tmpDir = Path.Combine(store.Root, "tmp");
        Directory.CreateDirectory(tmpDir);
        var tmp = Path.Combine(tmpDir, $"{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tmp, bytes);
            store.Place(tmp, address);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
