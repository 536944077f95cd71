using MlNotebooks.Storage;
using MlNotebooks.Storage.Sql;
using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

/// <summary>
/// The model registry: register versions from run artifacts, move aliases through gates, approve, roll back, and
/// read the audit log. Every front end (CLI verb, magic command, HTTP handler) calls this and nothing below it.
/// </summary>
public sealed partial class RegistryClient
{
    private readonly TrackingClient _tracking;
    private readonly ContentStore _content;

    /// <summary>A registry over a workspace's store, acting as <see cref="RegistryOptions.User"/>.</summary>
    public RegistryClient(Workspace workspace, RegistryOptions? options = null)
        : this(workspace.RemoteRegistryStore ?? new SqlRegistryStore(workspace.Database), workspace.Tracking, workspace.Content, options)
    {
    }

    /// <summary>A registry over any store.</summary>
    public RegistryClient(IRegistryStore store, TrackingClient tracking, ContentStore content, RegistryOptions? options = null)
    {
        Store = store;
        _tracking = tracking;
        _content = content;
        Options = options ?? new RegistryOptions();
    }

    /// <summary>The underlying store.</summary>
    public IRegistryStore Store { get; }

    /// <summary>User, roles, protected aliases, clock.</summary>
    public RegistryOptions Options { get; }

    /// <summary>The content store holding package files.</summary>
    public ContentStore Content => _content;

    private DateTimeOffset Now => Options.Time.GetUtcNow();

    private AuditEntry Audit(string name, string action, string? alias, int? version, string reason) =>
        new(0, name, action, alias, version, null, Options.User, Now, reason);

    /// <summary>Gets a registered model; fails with the fix when it does not exist.</summary>
    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        await Store.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw MlnbException.NotFound($"registered model '{name}' does not exist; register a version with `mlnb models register --run RUN_ID --artifact PATH --name {name}`");

    /// <summary>Lists registered models.</summary>
    public Task<Page<RegisteredModel>> ListModelsAsync(int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Store.SearchRegisteredModelsAsync(maxResults, pageToken, cancellationToken);

    /// <summary>Every version of a model, newest first.</summary>
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        Store.ListModelVersionsAsync(name, cancellationToken);

    /// <summary>Gets a version; fails with the fix when it does not exist.</summary>
    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        var v = await Store.GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        if (v is not null) return v;
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        throw MlnbException.NotFound($"model '{name}' has no version {version}; list its versions with `mlnb models show {name}`");
    }

    /// <summary>Resolves <c>models:/NAME@ALIAS</c> or <c>models:/NAME/VERSION</c> to a version.</summary>
    public async Task<ModelVersion> ResolveAsync(ModelUri uri, CancellationToken cancellationToken = default)
    {
        if (uri.Version is { } v) return await GetVersionAsync(uri.Name, v, cancellationToken).ConfigureAwait(false);
        var model = await GetModelAsync(uri.Name, cancellationToken).ConfigureAwait(false);
        if (!model.Aliases.TryGetValue(uri.Alias!, out var version))
            throw MlnbException.NotFound($"model '{uri.Name}' has no alias '{uri.Alias}'" + (model.Aliases.Count == 0 ? "" : $" (it has {string.Join(", ", model.Aliases.Keys)})")
                + $"; set it with `mlnb models promote {uri.Name} --version N --to {uri.Alias}`");
        return await GetVersionAsync(uri.Name, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a model URI string.</summary>
    public Task<ModelVersion> ResolveAsync(string uri, CancellationToken cancellationToken = default) => ResolveAsync(ModelUri.Parse(uri), cancellationToken);

    /// <summary>The local path of a package file in the content store (its hash is checked by whoever loads it).</summary>
    public string GetFilePath(PackageFile file) => _content.GetPath(file.Md5);

    /// <summary>
    /// Makes sure a version's package files are in the local content store. Local stores already hold them; a
    /// workspace on a tracking server downloads the missing ones from the version's run (artifact proxy, hash-checked).
    /// </summary>
    public async Task EnsureFilesAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        var wanted = version.Package.Files.Where(f => !_content.Contains(f.Md5)).Select(f => f.Md5).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0 || version.RunId is not { Length: > 0 } runId) return;
        var entries = (await _tracking.ListArtifactsAsync(runId, null, cancellationToken).ConfigureAwait(false))
            .Where(e => wanted.Contains(e.Md5)).DistinctBy(e => e.Md5).ToList();
        if (entries.Count > 0) await _tracking.EnsureContentAsync(runId, entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets tags or the description of a version.</summary>
    public Task UpdateVersionAsync(string name, int version, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken = default) =>
        Store.UpdateModelVersionAsync(name, version, description, tags, Now, cancellationToken);

    /// <summary>Sets tags or the description of a registered model.</summary>
    public Task UpdateModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken = default) =>
        Store.UpdateRegisteredModelAsync(name, description, tags, Now, cancellationToken);

    /// <summary>The versions an alias pointed at, oldest first.</summary>
    public Task<IReadOnlyList<int>> GetAliasHistoryAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        Store.GetAliasHistoryAsync(name, alias, cancellationToken);

    /// <summary>A model's audit log, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditLogAsync(string name, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        return await Store.ListAuditAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a decision taken outside the registry (e.g. a model server dropping a canary), as the acting user.</summary>
    public Task RecordDecisionAsync(string name, string action, string? alias, int? version, string reason, CancellationToken cancellationToken = default) =>
        Store.AppendAuditAsync(Audit(name, action, alias, version, reason), cancellationToken);
}
