using System.Collections.Concurrent;
using System.Security.Cryptography;
using MlNotebooks.Storage;

namespace MlNotebooks.Data;

/// <summary>A file to hash: where it is and its key in the hash cache (workspace-relative path).</summary>
internal readonly record struct HashJob(string FullPath, string Key);

/// <summary>A hashed file: its md5 and size.</summary>
internal readonly record struct FileHash(string Md5, long Size);

/// <summary>
/// Hashes many files in parallel (largest first; sixteen at a time per core where AVX-512 allows, see
/// <see cref="Md5Lanes"/>; else one per core), streaming in blocks. Files whose
/// (path, inode, mtime, size) are in the hash cache are not read at all. With a store, a hashed file is also placed
/// in it: copied in the same read (temp file, then rename under its md5; large files with <c>O_DIRECT</c> when
/// <c>direct</c> is set), or hard-linked when <c>link</c> is set.
/// </summary>
internal sealed partial class FileHasher(HashCache cache, ContentStore? store, int parallelism, bool link = false, bool direct = false)
{
    private const int BlockSize = 1 << 20;
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly ConcurrentDictionary<string, bool> _dirs = new(StringComparer.Ordinal);

    public Dictionary<string, FileHash> Hash(IReadOnlyList<HashJob> jobs, IReadOnlyList<string> cachePrefixes, IProgress<DataProgress>? progress, CancellationToken ct)
    {
        var known = new Dictionary<string, (FileIdentity Id, string Md5)>(StringComparer.Ordinal);
        foreach (var prefix in cachePrefixes)
            foreach (var (k, v) in cache.LoadUnder(prefix)) known[k] = v;
        // One stat per file (and one cache lookup on a hit), spread over the cores: an unchanged folder is never read.
        var ids = new FileIdentity[jobs.Count];
        var hits = new string?[jobs.Count];
        if (jobs.Count > 0)
        {
            var ranges = Partitioner.Create(0, jobs.Count, Math.Max(256, jobs.Count / (parallelism * 4) + 1));
            Parallel.ForEach(ranges, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    ids[i] = FileIdentity.Of(jobs[i].FullPath);
                    if (known.TryGetValue(jobs[i].Key, out var k) && k.Id == ids[i] && (store is null || store.Contains(k.Md5))) hits[i] = k.Md5;
                }
            });
        }
        var results = new Dictionary<string, FileHash>(jobs.Count, StringComparer.Ordinal);
        var toHash = new List<(HashJob Job, FileIdentity Id)>();
        for (var i = 0; i < jobs.Count; i++)
        {
            if (hits[i] is { } md5) results[jobs[i].Key] = new FileHash(md5, ids[i].Size);
            else toHash.Add((jobs[i], ids[i]));
        }
        if (toHash.Count == 0) return results;

        long total = toHash.Sum(t => t.Id.Size), done = 0;
        int files = 0;
        var fresh = new ConcurrentBag<(string Key, FileIdentity Id, string Md5)>();
        var ordered = toHash.OrderByDescending(t => t.Id.Size).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };
        var lastReport = 0L;
        if (store is not null) Directory.CreateDirectory(store.TempRoot);
        void Record((HashJob Job, FileIdentity Id) item, string md5)
        {
            fresh.Add((item.Job.Key, link ? FileIdentity.Of(item.Job.FullPath) : item.Id, md5));
            var d = Interlocked.Add(ref done, item.Id.Size);
            var f = Interlocked.Increment(ref files);
            var now = Environment.TickCount64;
            if (progress is not null && (now - Interlocked.Read(ref lastReport) > 100 || f == ordered.Count))
            {
                Interlocked.Exchange(ref lastReport, now);
                progress.Report(new DataProgress("hashing", d, total, f, ordered.Count));
            }
        }
        try
        {
            HashAll(ordered, options, Record, ct);
        }
        catch (Exception e) when (store is not null && OsErrors.IsOutOfSpace(e))
        {
            // Bytes still to copy for this add, against what the file system has left.
            throw OsErrors.OutOfSpace(store.Root, total - Interlocked.Read(ref done), e);
        }
        foreach (var (key, id, md5) in fresh) results[key] = new FileHash(md5, id.Size);
        cache.Save(fresh);
        return results;
    }

    private void HashAll(List<(HashJob Job, FileIdentity Id)> ordered, ParallelOptions options, Action<(HashJob Job, FileIdentity Id), string> Record, CancellationToken ct)
    {
        if (Md5Lanes.IsSupported && ordered.Count > 1) HashInLanes(ordered, Record, ct);
        else
            Parallel.ForEach(Partitioner.Create(ordered, EnumerablePartitionerOptions.NoBuffering), options,
                () => new byte[BlockSize],
                (item, _, buffer) =>
                {
                    var md5 = store is null || link ? HashOnly(item.Job.FullPath, buffer, ct) : HashAndCopy(item.Job.FullPath, buffer, ct);
                    if (store is not null && link) LinkIntoStore(item.Job.FullPath, md5, buffer, ct);
                    Record(item, md5);
                    return buffer;
                },
                _ => { });
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

    private string HashAndCopy(string path, byte[] buffer, CancellationToken ct)
    {
        var tmp = store!.NewTempFile();
        try
        {
            string md5Hex;
            using (var source = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
            using (var target = new FileStream(tmp, NewObjectOptions()))
            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            {
                long offset = 0;
                int read;
                while ((read = RandomAccess.Read(source, buffer, offset)) > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    md5.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                    offset += read;
                }
                md5Hex = Convert.ToHexStringLower(md5.GetHashAndReset());
            }
            Place(tmp, md5Hex);
            return md5Hex;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>A new cache object is created read-only (the open handle still writes), saving a chmod per file.</summary>
    private static FileStreamOptions NewObjectOptions()
    {
        var o = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = ReadOnly;
        return o;
    }

    /// <summary>DVC's <c>cache.type = hardlink</c>: the workspace file and the cache object become one read-only inode.</summary>
    private void LinkIntoStore(string path, string md5, byte[] buffer, CancellationToken ct)
    {
        if (store!.Contains(md5)) return;
        var tmp = store!.NewTempFile();
        if (!Native.TryHardLink(path, tmp))
        {
            // Another file system or no link support: copy instead (and check nothing changed meanwhile).
            if (HashAndCopy(path, buffer, ct) != md5) throw MlnbException.State($"'{path}' changed while it was being added; add it again");
            return;
        }
        try
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, ReadOnly);
            Place(tmp, md5);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Renames a finished temp file to its address; an object already there has the same bytes, so it wins.</summary>
    private void Place(string tmp, string md5)
    {
        var dest = store!.GetPath(md5);
        if (File.Exists(dest)) return;
        var dir = Path.GetDirectoryName(dest)!;
        if (!_dirs.ContainsKey(dir))
        {
            // Marked only once it exists, so no other thread renames into a folder still being created.
            Directory.CreateDirectory(dir);
            _dirs.TryAdd(dir, true);
        }
        Native.Rename(tmp, dest);
        FaultPoint.Hit("store.place");
    }

    /// <summary>Stores bytes (a manifest) under their address.</summary>
    public static void StoreBytes(ContentStore store, string address, byte[] bytes)
    {
        if (store.Contains(address)) return;
        var tmp = store.NewTempFile();
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
