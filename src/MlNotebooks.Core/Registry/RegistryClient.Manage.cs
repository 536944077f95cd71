using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

public sealed partial class RegistryClient
{
    /// <summary>Creates a registered model (MLflow CreateRegisteredModel).</summary>
    public Task<RegisteredModel> CreateModelAsync(string name, string description = "", IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Store.CreateRegisteredModelAsync(name, description, tags, Now, cancellationToken);

    /// <summary>Deletes a model with its versions; only a promoter may delete one that holds a protected alias.</summary>
    public async Task DeleteModelAsync(string name, CancellationToken cancellationToken = default)
    {
        var model = await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        foreach (var (alias, version) in model.Aliases)
            await RequireRoleAsync(name, RegistryRoles.Promoter, alias, version, "delete the model holding", cancellationToken).ConfigureAwait(false);
        await Store.DeleteRegisteredModelAsync(name, Audit(name, AuditActions.ModelDeleted, null, null, "deleted"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames a model; versions, aliases, gates, approvals and audit follow.</summary>
    public async Task<RegisteredModel> RenameModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        await Store.RenameRegisteredModelAsync(name, newName, Audit(name, AuditActions.ModelRenamed, null, null, $"renamed from '{name}' to '{newName}'"), Now, cancellationToken).ConfigureAwait(false);
        return await GetModelAsync(newName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a model's tag.</summary>
    public Task DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        Store.DeleteRegisteredModelTagAsync(name, key, cancellationToken);

    /// <summary>Removes a version's tag.</summary>
    public Task DeleteVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default) =>
        Store.DeleteModelVersionTagAsync(name, version, key, cancellationToken);

    /// <summary>Deletes a version; only a promoter may delete one a protected alias points at.</summary>
    public async Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        var v = await GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        foreach (var alias in v.Aliases)
            await RequireRoleAsync(name, RegistryRoles.Promoter, alias, version, "delete the version behind", cancellationToken).ConfigureAwait(false);
        await Store.DeleteModelVersionAsync(name, version, Audit(name, AuditActions.VersionDeleted, null, version, "deleted"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an alias (a protected one needs the promoter role); a missing alias is not an error, as in MLflow.</summary>
    public async Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        var model = await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        if (!model.Aliases.TryGetValue(alias, out var current)) return;
        await RequireRoleAsync(name, RegistryRoles.Promoter, alias, current, "remove the alias", cancellationToken).ConfigureAwait(false);
        await Store.DeleteAliasAsync(name, alias, Audit(name, AuditActions.AliasDeleted, alias, current, "alias removed"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a version from a source (MLflow CreateModelVersion). When the run's artifacts at the source path hold
    /// <c>model.onnx</c> and <c>signature.json</c> the version gets a full package, as with <see cref="RegisterAsync"/>;
    /// otherwise (another flavor, an outside URI) it records the source and the run's datasets with no files.
    /// </summary>
    public async Task<ModelVersion> CreateVersionAsync(string name, string source, string? runId, string description = "", IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        Run? run = null;
        if (!string.IsNullOrEmpty(runId))
        {
            run = await _tracking.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var path = ArtifactPathOf(source, run);
            if (path is not null)
            {
                try
                {
                    return await RegisterAsync(runId, path, name, null, description, tags, cancellationToken).ConfigureAwait(false);
                }
                catch (MlnbException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
                {
                    // Not an ONNX package we can read: register the source as it is.
                }
            }
        }
        var package = new ModelPackage([], new ModelSignature([], []), run?.Inputs ?? []);
        return await Store.CreateModelVersionAsync(name, description, Options.User, source, string.IsNullOrEmpty(runId) ? null : runId, package, tags, Now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a version with a package built elsewhere (a client that registered through a tracking server); every
    /// package file must already be in this registry's content store.
    /// </summary>
    public async Task<ModelVersion> AddVersionAsync(string name, string source, string? runId, ModelPackage package, string description = "", IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        await GetModelAsync(name, cancellationToken).ConfigureAwait(false);
        if (package.Files.FirstOrDefault(f => !_content.Contains(f.Md5)) is { } lacking)
            throw MlnbException.Invalid($"package file '{lacking.Path}' ({lacking.Md5}) is not in the content store; upload it first (POST mlnb/content/missing, PUT mlnb/content/MD5)");
        if (!string.IsNullOrEmpty(runId)) await _tracking.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return await Store.CreateModelVersionAsync(name, description, Options.User, source, string.IsNullOrEmpty(runId) ? null : runId, package, tags, Now, cancellationToken).ConfigureAwait(false);
    }

    private static string? ArtifactPathOf(string source, Run run)
    {
        var runs = $"runs:/{run.Info.RunId}";
        if (source == runs) return "";
        if (source.StartsWith(runs + "/", StringComparison.Ordinal)) return source[(runs.Length + 1)..];
        var root = run.Info.ArtifactUri.TrimEnd('/');
        if (source == root) return "";
        return source.StartsWith(root + "/", StringComparison.Ordinal) ? source[(root.Length + 1)..] : null;
    }
}
