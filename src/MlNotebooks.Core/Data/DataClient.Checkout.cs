using System.Collections.Concurrent;
using MlNotebooks.Storage;

namespace MlNotebooks.Data;

/// <summary>What a checkout did.</summary>
/// <param name="Written">Files written from the cache.</param>
/// <param name="Unchanged">Files that already matched.</param>
/// <param name="Removed">Files removed from tracked folders (their content is in the cache).</param>
/// <param name="KeptUntracked">Files in tracked folders that are not in the cache and were left in place.</param>
public sealed record CheckoutResult(int Written, int Unchanged, int Removed, IReadOnlyList<string> KeptUntracked);

public sealed partial class DataClient
{
    /// <summary>
    /// Makes the workspace match the pointer files (all, or those at/under <paramref name="path"/>), from the cache.
    /// Every object is verified against its hash on the way; a workspace file whose changes are not in the cache is
    /// never overwritten unless <paramref name="force"/>.
    /// </summary>
    public async Task<CheckoutResult> CheckoutAsync(string? path = null, bool force = false, IProgress<DataProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await Task.Run(() => PlanCheckout(Select(path), force, cancellationToken), cancellationToken).ConfigureAwait(false);
        long total = plan.Writes.Sum(w => w.Size), done = 0;
        var count = 0;
        var fresh = new ConcurrentBag<(string, FileIdentity, string)>();
        await Parallel.ForEachAsync(plan.Writes, new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism, CancellationToken = cancellationToken }, async (w, ct) =>
        {
            var target = Full(w.Rel);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            if (Options.LinkType == LinkType.Hardlink && await TryHardlinkAsync(w.Md5, target, ct).ConfigureAwait(false)) { }
            else await Cache.CopyToFileAsync(w.Md5, target, ct).ConfigureAwait(false);
            fresh.Add((w.Rel, FileIdentity.Of(target), w.Md5));
            FaultPoint.Hit("checkout.file");
            var d = Interlocked.Add(ref done, w.Size);
            progress?.Report(new DataProgress("checkout", d, total, Interlocked.Increment(ref count), plan.Writes.Count));
        }).ConfigureAwait(false);
        HashCache.Save(fresh);
        foreach (var r in plan.Removals) File.Delete(Full(r));
        return new CheckoutResult(plan.Writes.Count, plan.Unchanged, plan.Removals.Count, plan.Kept);
    }

    private sealed record CheckoutPlan(List<(string Rel, string Md5, long Size)> Writes, int Unchanged, List<string> Removals, List<string> Kept);

    private CheckoutPlan PlanCheckout(IReadOnlyList<TrackedData> outputs, bool force, CancellationToken ct)
    {
        var writes = new List<(string, string, long)>();
        var removals = new List<string>();
        var kept = new List<string>();
        var missing = new List<string>();
        var dirty = new List<string>();
        var unchanged = 0;
        foreach (var t in outputs)
        {
            if (!Cache.Contains(t.Output.Md5)) { missing.Add(t.WorkspacePath); continue; }
            // A checkout killed mid-write left temp files beside its targets: reclaim them before looking at the folder.
            if (t.Output.IsDirectory) TempFiles.SweepOnce(Full(t.WorkspacePath), recursive: true);
            var want = t.Output.IsDirectory
                ? LoadManifest(t.Output.Md5).ToDictionary(e => t.WorkspacePath + "/" + e.RelPath, e => e.Md5, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal) { [t.WorkspacePath] = t.Output.Md5 };
            var have = CurrentFiles(t, ct);
            foreach (var (rel, md5) in want)
            {
                if (have.TryGetValue(rel, out var cur) && cur == md5) { unchanged++; continue; }
                if (!Cache.Contains(md5)) { missing.Add(rel); continue; }
                if (cur is not null && !Cache.Contains(cur) && !force) dirty.Add(rel);
                writes.Add((rel, md5, new FileInfo(Cache.GetPath(md5)).Length));
            }
            foreach (var (rel, md5) in have)
            {
                if (want.ContainsKey(rel)) continue;
                if (Cache.Contains(md5) || force) removals.Add(rel);
                else kept.Add(rel);
            }
        }
        if (missing.Count > 0)
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"{missing.Count} object(s) are not in the cache (first: '{missing[0]}'); run `mlnb data pull` to fetch them from a remote");
        if (dirty.Count > 0)
            throw MlnbException.State($"{dirty.Count} file(s) have changes that are not in the cache (first: '{dirty[0]}'); record them with `mlnb data add`, or discard them with `mlnb data checkout --force`");
        return new CheckoutPlan(writes, unchanged, removals, kept);
    }

    /// <summary>The md5 of every file now at an output's path (workspace-relative keys).</summary>
    private Dictionary<string, string> CurrentFiles(TrackedData t, CancellationToken ct)
    {
        var full = Full(t.WorkspacePath);
        var hasher = new FileHasher(HashCache, null, Options.Parallelism);
        if (File.Exists(full))
        {
            if (t.Output.IsDirectory) return new Dictionary<string, string>(StringComparer.Ordinal) { [t.WorkspacePath] = "" };
            var r = hasher.Hash([new HashJob(full, t.WorkspacePath)], [t.WorkspacePath], null, ct);
            return r.ToDictionary(x => x.Key, x => x.Value.Md5, StringComparer.Ordinal);
        }
        if (!Directory.Exists(full)) return new Dictionary<string, string>(StringComparer.Ordinal);
        if (!t.Output.IsDirectory) return new Dictionary<string, string>(StringComparer.Ordinal);
        var files = EnumerateFolder(t.WorkspacePath);
        return hasher.Hash(files.Select(f => f.Job).ToList(), [t.WorkspacePath], null, ct).ToDictionary(x => x.Key, x => x.Value.Md5, StringComparer.Ordinal);
    }

    private async Task<bool> TryHardlinkAsync(string md5, string target, CancellationToken ct)
    {
        if (!await Cache.VerifyAsync(md5, ct).ConfigureAwait(false))
            throw new MlnbException(ErrorCode.DataCorrupted, $"cache object {md5} is corrupted (its bytes no longer match its hash); delete '{Cache.GetPath(md5)}' and run `mlnb data pull`");
        var tmp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!Native.TryHardLink(Cache.GetPath(md5), tmp)) return false;
        File.Move(tmp, target, overwrite: true);
        return true;
    }
}
