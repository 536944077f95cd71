using MlNotebooks.Data.Remotes;

namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    private static readonly HashSet<string> SecretKeys = ["access_key_id", "secret_access_key", "session_token", "password"];

    private string ConfigPath(bool local) => Path.Combine(Root, ".dvc", local ? "config.local" : "config");

    /// <summary>Adds (or with <paramref name="force"/> replaces) a remote in <c>.dvc/config</c>, as <c>dvc remote add</c> does.</summary>
    public RemoteInfo AddRemote(string name, string url, bool makeDefault = false, bool force = false)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('"') || name.Contains('\''))
            throw MlnbException.Invalid($"remote name '{name}' is not allowed; use letters, digits, '-' or '_'");
        EnsureDvcInterop();
        var config = DvcConfig.Load(ConfigPath(false));
        if (config.RemoteNames().Contains(name) && !force)
            throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"remote '{name}' already exists; use --force to replace it");
        if (!url.Contains("://", StringComparison.Ordinal))
            url = Path.IsPathRooted(url) ? Path.GetFullPath(url) : Path.GetRelativePath(Path.Combine(Root, ".dvc"), Path.GetFullPath(url)).Replace('\\', '/');
        else if (!url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            throw MlnbException.Invalid($"remote URL '{url}' is not supported; use a folder path or s3://bucket/prefix (with endpointurl for S3-compatible servers)");
        config.Set(DvcConfig.RemoteSection(name), "url", url);
        if (makeDefault) config.Set("core", "remote", name);
        config.Save(ConfigPath(false));
        return GetRemotes().First(x => x.Name == name);
    }

    /// <summary>Sets an option of a remote (endpointurl, region, access_key_id, …); <paramref name="local"/> writes to the git-ignored <c>.dvc/config.local</c>.</summary>
    public void ModifyRemote(string name, string key, string value, bool local = false)
    {
        if (!GetRemotes().Any(r => r.Name == name)) throw MlnbException.NotFound($"remote '{name}' does not exist; add it with `mlnb data remote add {name} URL`");
        var path = ConfigPath(local);
        var config = DvcConfig.Load(path);
        config.Set(DvcConfig.RemoteSection(name), key, value);
        config.Save(path);
    }

    /// <summary>The remotes in <c>.dvc/config</c> (merged with <c>.dvc/config.local</c>).</summary>
    public IReadOnlyList<RemoteInfo> GetRemotes()
    {
        var shared = DvcConfig.Load(ConfigPath(false));
        var local = DvcConfig.Load(ConfigPath(true));
        var def = local.Get("core", "remote") ?? shared.Get("core", "remote");
        var result = new List<RemoteInfo>();
        foreach (var name in shared.RemoteNames().Concat(local.RemoteNames()).Distinct())
        {
            var section = DvcConfig.RemoteSection(name);
            string? Get(string k) => local.Get(section, k) ?? shared.Get(section, k);
            var opts = new Dictionary<string, string>();
            foreach (var k in new[] { "endpointurl", "region" }) if (Get(k) is { } v) opts[k] = v;
            result.Add(new RemoteInfo(name, Get("url") ?? "", name == def, opts));
        }
        return result;
    }

    /// <summary>Opens a remote by name (null: the default remote).</summary>
    public IRemoteStore OpenRemote(string? name = null)
    {
        var remotes = GetRemotes();
        var r = name is null
            ? remotes.FirstOrDefault(x => x.IsDefault) ?? (remotes.Count == 1 ? remotes[0] : throw MlnbException.NotFound("no default remote; add one with `mlnb data remote add NAME URL --default`, or pass --remote NAME"))
            : remotes.FirstOrDefault(x => x.Name == name) ?? throw MlnbException.NotFound($"remote '{name}' does not exist; add it with `mlnb data remote add {name} URL`");
        var shared = DvcConfig.Load(ConfigPath(false));
        var local = DvcConfig.Load(ConfigPath(true));
        var section = DvcConfig.RemoteSection(r.Name);
        string? Get(string k) => local.Get(section, k) ?? shared.Get(section, k);
        if (r.Url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            return new S3Remote(r.Url, Get("endpointurl"), Get("access_key_id") ?? Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"),
                Get("secret_access_key") ?? Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"), Get("region") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        var folder = r.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(r.Url).LocalPath
            : Path.IsPathRooted(r.Url) ? r.Url : Path.GetFullPath(Path.Combine(Root, ".dvc", r.Url));
        return new LocalRemote(folder, r.Url);
    }

    internal static bool IsSecret(string key) => SecretKeys.Contains(key);
}
