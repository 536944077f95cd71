using System.Text.Json.Nodes;

namespace MlNotebooks.Registry.Http;

public sealed partial class HttpRegistryStore
{
    /// <inheritdoc />
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string description, string userId, string source, string? runId, ModelPackage package,
        IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        await UploadAsync(package, cancellationToken).ConfigureAwait(false);
        var answer = await SendAsync(HttpMethod.Post, Mv + "create", new JsonObject
        {
            ["name"] = name, ["source"] = source, ["run_id"] = runId, ["description"] = description, ["tags"] = Pairs(tags),
            ["mlnb_package"] = PackageJson.Write(package), ["actor"] = userId,
        }, idempotent: false, cancellationToken).ConfigureAwait(false);
        return RegistryJsonReader.Version(answer["model_version"]!);
    }

    /// <inheritdoc />
    public Task<ModelVersion?> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        OrNullAsync(async () => RegistryJsonReader.Version((await GetAsync(Mv + "get", cancellationToken, ("name", name), ("version", RegistryJsonReader.Text(version))).ConfigureAwait(false))["model_version"]!));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false) is null)
            throw MlnbException.NotFound($"registered model '{name}' does not exist; register a version with `mlnb models register --run RUN_ID --artifact PATH --name {name}`");
        var all = new List<ModelVersion>();
        string? token = null;
        do
        {
            var answer = await GetAsync(Mv + "search", cancellationToken, ("filter", $"name = '{name}'"), ("max_results", "10000"), ("page_token", token)).ConfigureAwait(false);
            all.AddRange((answer["model_versions"]?.AsArray() ?? []).Select(v => RegistryJsonReader.Version(v!)));
            token = answer["next_page_token"]?.GetValue<string>() is { Length: > 0 } t ? t : null;
        } while (token is not null);
        return [.. all.OrderByDescending(v => v.Version)];
    }

    /// <inheritdoc />
    public async Task UpdateModelVersionAsync(string name, int version, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var v = RegistryJsonReader.Text(version);
        if (description is not null) await SendAsync(HttpMethod.Patch, Mv + "update", new JsonObject { ["name"] = name, ["version"] = v, ["description"] = description }, true, cancellationToken).ConfigureAwait(false);
        foreach (var (k, value) in tags ?? new Dictionary<string, string>())
            await SendAsync(HttpMethod.Post, Mv + "set-tag", new JsonObject { ["name"] = name, ["version"] = v, ["key"] = k, ["value"] = value }, true, cancellationToken).ConfigureAwait(false);
        if (description is null && tags is not { Count: > 0 } && await GetModelVersionAsync(name, version, cancellationToken).ConfigureAwait(false) is null)
            throw MlnbException.NotFound($"model '{name}' has no version {version} on {_rest.Display}");
    }

    /// <inheritdoc />
    public Task DeleteModelVersionAsync(string name, int version, AuditEntry audit, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Mv + "delete", new JsonObject { ["name"] = name, ["version"] = RegistryJsonReader.Text(version), ["actor"] = audit.Actor }, false, cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Mv + "delete-tag", new JsonObject { ["name"] = name, ["version"] = RegistryJsonReader.Text(version), ["key"] = key }, true, cancellationToken);

    /// <inheritdoc />
    public async Task<int?> SetAliasAsync(string name, string alias, int version, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateAlias(alias);
        var before = await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Post, X + "promote", new JsonObject { ["name"] = name, ["version"] = RegistryJsonReader.Text(version), ["alias"] = alias, ["reason"] = audit.Reason, ["actor"] = audit.Actor }, false, cancellationToken).ConfigureAwait(false);
        return before is not null && before.Aliases.TryGetValue(alias, out var previous) ? previous : null;
    }

    /// <inheritdoc />
    public async Task<int?> DeleteAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        var before = await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw MlnbException.NotFound($"registered model '{name}' does not exist on {_rest.Display}");
        if (!before.Aliases.TryGetValue(alias, out var current)) return null;
        await SendAsync(HttpMethod.Delete, Rm + "alias", new JsonObject { ["name"] = name, ["alias"] = alias, ["actor"] = audit.Actor }, true, cancellationToken).ConfigureAwait(false);
        return current;
    }

    /// <inheritdoc />
    public async Task<int> RollbackAliasAsync(string name, string alias, AuditEntry audit, CancellationToken cancellationToken = default) =>
        RegistryJsonReader.Int((await SendAsync(HttpMethod.Post, X + "rollback", new JsonObject { ["name"] = name, ["alias"] = alias, ["reason"] = audit.Reason, ["actor"] = audit.Actor }, false, cancellationToken).ConfigureAwait(false))["version"]);

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> GetAliasHistoryAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        var answer = await OrNullAsync(() => GetAsync(X + "alias-history", cancellationToken, ("name", name), ("alias", alias))).ConfigureAwait(false);
        return answer is null ? [] : [.. (answer["versions"]?.AsArray() ?? []).Select(RegistryJsonReader.Int)];
    }

    /// <inheritdoc />
    public Task SetGatesAsync(string name, string alias, IReadOnlyList<string> gates, AuditEntry audit, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, X + "gates/set", new JsonObject { ["name"] = name, ["alias"] = alias, ["gates"] = new JsonArray([.. gates.Select(g => (JsonNode)g)]), ["actor"] = audit.Actor }, true, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGatesAsync(string name, CancellationToken cancellationToken = default)
    {
        var gates = (await GetAsync(X + "gates", cancellationToken, ("name", name)).ConfigureAwait(false))["gates"]?.AsObject() ?? [];
        return gates.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. (g.Value?.AsArray() ?? []).Select(x => x!.GetValue<string>())], StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public Task AddApprovalAsync(Approval approval, AuditEntry audit, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, X + "approve", new JsonObject
        {
            ["name"] = approval.ModelName, ["version"] = RegistryJsonReader.Text(approval.Version), ["alias"] = approval.Alias, ["comment"] = approval.Comment, ["reject"] = !approval.Approved, ["actor"] = approval.Actor,
        }, false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Approval>> ListApprovalsAsync(string name, int version, string alias, CancellationToken cancellationToken = default) =>
        [.. ((await GetAsync(X + "approvals", cancellationToken, ("name", name), ("version", RegistryJsonReader.Text(version)), ("alias", alias)).ConfigureAwait(false))["approvals"]?.AsArray() ?? [])
            .Select(a => RegistryJsonReader.Approval(a!))];

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, X + "audit/append", new JsonObject
        {
            ["name"] = audit.ModelName, ["action"] = audit.Action, ["alias"] = audit.Alias,
            ["version"] = audit.Version is { } v ? RegistryJsonReader.Text(v) : null, ["reason"] = audit.Reason, ["actor"] = audit.Actor,
        }, false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string name, CancellationToken cancellationToken = default) =>
        [.. ((await GetAsync(X + "audit", cancellationToken, ("name", name)).ConfigureAwait(false))["entries"]?.AsArray() ?? []).Select(e => RegistryJsonReader.Audit(name, e!))];
}
