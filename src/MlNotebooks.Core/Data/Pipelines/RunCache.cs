using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlNotebooks.Storage;

namespace MlNotebooks.Data.Pipelines;

/// <summary>
/// Remembers, per (cmd, dep hashes, param values), the outputs a stage produced, so a stage run again on inputs
/// seen before is restored from the cache instead of rerun. Entries live in <c>CACHE/mlnb-runs/xx/KEY.json</c>
/// (a separate folder from DVC's <c>runs/</c>, whose format differs).
/// </summary>
internal static class RunCache
{
    private const string Folder = "mlnb-runs";

    public static string Key(LockedStage s)
    {
        var canonical = new StringBuilder();
        canonical.Append("cmd\0").Append(s.Cmd).Append('\0');
        foreach (var d in s.Deps.OrderBy(d => d.Path, StringComparer.Ordinal)) canonical.Append("dep\0").Append(d.Path).Append('\0').Append(d.Md5).Append('\0');
        foreach (var (f, kv) in s.Params.OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var (k, v) in kv.OrderBy(x => x.Key, StringComparer.Ordinal)) canonical.Append("param\0").Append(f).Append('\0').Append(k).Append('\0').Append(v).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static string PathOf(ContentStore cache, string key) => Path.Combine(cache.Root, Folder, key[..2], key[2..] + ".json");

    public static IReadOnlyList<DataOutput>? TryGet(ContentStore cache, string key)
    {
        var path = PathOf(cache, key);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<List<DataOutput>>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Save(ContentStore cache, string key, IReadOnlyList<DataOutput> outs)
    {
        var path = PathOf(cache, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(outs));
    }

    public static IEnumerable<DataOutput> AllOutputs(ContentStore cache)
    {
        var dir = Path.Combine(cache.Root, Folder);
        if (!Directory.Exists(dir)) yield break;
        foreach (var f in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories))
        {
            List<DataOutput>? outs;
            try { outs = JsonSerializer.Deserialize<List<DataOutput>>(File.ReadAllText(f)); }
            catch (JsonException) { continue; }
            foreach (var o in outs ?? []) yield return o;
        }
    }
}
