using System.Text.Json;
using MlNotebooks.Registry;
using MlNotebooks.Storage;
using MlNotebooks.Storage.Sql;
using MlNotebooks.Tracking;

namespace MlNotebooks;

/// <summary>
/// An opened workspace: the tracking store (from a URI) and the content store. Found like git finds its folder:
/// an explicit URI, then <c>MLNB_TRACKING_URI</c>, then <c>.mlnb/</c> in the current folder or a parent.
/// </summary>
public sealed partial class Workspace : IAsyncDisposable
{
    /// <summary>The folder name that marks a workspace root.</summary>
    public const string FolderName = ".mlnb";

    /// <summary>Environment variable naming the tracking URI.</summary>
    public const string TrackingUriVariable = "MLNB_TRACKING_URI";

    /// <summary>Environment variable naming the content store root.</summary>
    public const string ContentRootVariable = "MLNB_CONTENT_ROOT";

    private readonly SqlDatabase? _database;
    private readonly RegistryClient? _registry;

    private Workspace(string? root, string trackingUri, SqlDatabase database, ContentStore content, Func<string, string?> environment)
        : this(root, trackingUri, new SqlTrackingStore(database, ownsDatabase: false), database, content)
    {
        // The embedded default: the local user holds every registry role; a shared store takes roles from configuration.
        var roles = database.Dialect == "sqlite" && environment(RegistryRoles.Variable) is null ? RegistryRoles.Everyone : RegistryRoles.Parse(environment(RegistryRoles.Variable));
        _registry = new RegistryClient(this, new RegistryOptions { Roles = roles });
    }

    private Workspace(string? root, string trackingUri, ITrackingStore store, SqlDatabase? database, ContentStore content)
    {
        Root = root;
        TrackingUri = trackingUri;
        _database = database;
        Content = content;
        TrackingStore = store;
        Tracking = new TrackingClient(TrackingStore, content);
    }

    /// <summary>The project folder that holds <c>.mlnb/</c>, or null when the workspace was opened from a URI alone.</summary>
    public string? Root { get; }

    /// <summary>The tracking URI in use (without secrets).</summary>
    public string TrackingUri { get; }

    /// <summary>The tracking store.</summary>
    public ITrackingStore TrackingStore { get; }

    /// <summary>The content-addressed store for artifacts, data and models.</summary>
    public ContentStore Content { get; }

    /// <summary>Experiments, runs and artifacts.</summary>
    public TrackingClient Tracking { get; }

    /// <summary>Registered models, versions, aliases, gates and the audit log.</summary>
    public RegistryClient Registry => _registry ?? _remoteRegistry
        ?? throw new MlnbException(ErrorCode.StoreUnavailable, $"the model registry is not served over {TrackingUri} by this version; set MLNB_TRACKING_URI to the server's sqlite:/// or postgresql:// store for registry commands");

    /// <summary>The SQL database behind the stores; fails for a workspace on a tracking server.</summary>
    internal SqlDatabase Database => _database
        ?? throw new MlnbException(ErrorCode.InvalidState, $"this needs the store's database, and the workspace talks to the tracking server at {TrackingUri}; run it on the server's machine against its sqlite:/// or postgresql:// URI");

    /// <summary>Finds the folder holding <c>.mlnb/</c> at or above <paramref name="startDirectory"/>, or null.</summary>
    public static string? FindRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, FolderName))) return dir.FullName;
        return null;
    }

    /// <summary>Creates <c>.mlnb/</c> in <paramref name="directory"/> (idempotent) and opens it.</summary>
    public static async Task<Workspace> InitAsync(string directory, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory);
        var folder = Path.Combine(root, FolderName);
        Directory.CreateDirectory(Path.Combine(folder, "cache"));
        var gitignore = Path.Combine(folder, ".gitignore");
        if (!File.Exists(gitignore)) await File.WriteAllTextAsync(gitignore, "# MlNotebooks workspace: the store and cache are local\n/mlnb.db*\n/cache/\n/tmp/\n", cancellationToken).ConfigureAwait(false);
        var ws = await OpenAsync(new WorkspaceOptions { StartDirectory = root, TrackingUri = null, Environment = _ => null }, cancellationToken).ConfigureAwait(false);
        return ws;
    }

    /// <summary>Opens the workspace the options point at; fails with a one-line fix when there is none.</summary>
    public static async Task<Workspace> OpenAsync(WorkspaceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WorkspaceOptions();
        var start = options.StartDirectory ?? Directory.GetCurrentDirectory();
        var root = FindRoot(start);
        var config = root is null ? null : ReadConfig(Path.Combine(root, FolderName, "config.json"));
        var uri = options.TrackingUri ?? NullIfEmpty(options.Environment(TrackingUriVariable)) ?? config?.TrackingUri
            ?? (root is null ? null : "sqlite:///" + Path.Combine(root, FolderName, "mlnb.db"));
        if (uri is null)
            throw MlnbException.NotFound($"no MlNotebooks workspace here ('{Path.GetFullPath(start)}' and its parents have no {FolderName}/ folder); run `mlnb init`, or set {TrackingUriVariable}");
        if (IsServerUri(uri)) return await OpenServerAsync(root, uri, config?.ContentRoot, options, cancellationToken).ConfigureAwait(false);
        var contentRoot = options.ContentRoot ?? NullIfEmpty(options.Environment(ContentRootVariable)) ?? config?.ContentRoot
            ?? (root is not null ? Path.Combine(root, FolderName, "cache")
                : uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SqliteDatabase.PathFromUri(uri)))!, "cache")
                : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "mlnb", "cache"));
        var database = SqlDatabase.Open(uri);
        try
        {
            // Open once now so a wrong URI, a foreign file or an unreachable server fails here, with its fix.
            await using (await database.OpenAsync(cancellationToken).ConfigureAwait(false)) { }
        }
        catch (Exception e)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            if (e is MlnbException) throw;
            throw database.Translate(e) ?? new MlnbException(ErrorCode.StoreUnavailable, $"cannot open the tracking store {database.DisplayUri}: {e.Message}", e);
        }
        return new Workspace(root, database.DisplayUri, database, new ContentStore(contentRoot), options.Environment);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private sealed record Config(string? TrackingUri, string? ContentRoot);

    private static Config? ReadConfig(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            string? Get(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new Config(Get("tracking_uri"), Get("content_root"));
        }
        catch (JsonException e)
        {
            throw MlnbException.Invalid($"'{path}' is not valid JSON ({e.Message.Split('.')[0]}); fix it or delete it");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await TrackingStore.DisposeAsync().ConfigureAwait(false);
        if (_database is not null) await _database.DisposeAsync().ConfigureAwait(false);
        _remoteRegistryStore?.Dispose();
    }
}
