using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks.Registry.Http;

/// <summary>
/// A registry store behind a tracking server (<c>http://</c> or <c>https://</c>): MLflow's registry REST API for
/// models, versions, tags and aliases, our <c>/api/2.0/mlnb/registry/</c> extras for gates, approvals, history and the
/// audit log. The server is the authority: it checks permissions and roles as the token's user, runs the gates again
/// when an alias moves, and writes the audit entries under that user's name (the entries passed in are hints).
/// </summary>
public sealed partial class HttpRegistryStore : IRegistryStore, IDisposable
{
    private const string Rm = "api/2.0/mlflow/registered-models/";
    private const string Mv = "api/2.0/mlflow/model-versions/";
    private const string X = "api/2.0/mlnb/registry/";
    private static readonly JsonSerializerOptions Compact = new(MlflowJson.Options) { WriteIndented = false };
    private readonly MlflowRestClient _rest;
    private readonly ContentStore _content;

    /// <summary>A store over the server at <paramref name="baseUri"/>; package files are uploaded from <paramref name="localContent"/>.</summary>
    public HttpRegistryStore(Uri baseUri, ContentStore localContent, HttpTrackingOptions? options = null)
    {
        if (baseUri.Scheme is not ("http" or "https"))
            throw MlnbException.Invalid($"'{baseUri}' is not an http(s) URL; give e.g. http://127.0.0.1:5000");
        _rest = new MlflowRestClient(baseUri, options ?? new HttpTrackingOptions());
        _content = localContent;
    }

    private Task<JsonNode> GetAsync(string path, CancellationToken ct, params (string Key, string? Value)[] query) => _rest.GetAsync(path, query, ct);

    private Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject body, bool idempotent, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
        return _rest.SendAsync(() => new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } }, idempotent, ct);
    }

    private static async Task<T?> OrNullAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }

    private static JsonArray Pairs(IReadOnlyDictionary<string, string>? tags) =>
        new([.. (tags ?? new Dictionary<string, string>()).Select(t => (JsonNode)new JsonObject { ["key"] = t.Key, ["value"] = t.Value })]);

    /// <inheritdoc />
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        var answer = await SendAsync(HttpMethod.Post, Rm + "create", new JsonObject { ["name"] = name, ["description"] = description, ["tags"] = Pairs(tags) }, idempotent: false, cancellationToken).ConfigureAwait(false);
        return RegistryJsonReader.Model(answer["registered_model"]!);
    }

    /// <inheritdoc />
    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        OrNullAsync(async () => RegistryJsonReader.Model((await GetAsync(Rm + "get", cancellationToken, ("name", name)).ConfigureAwait(false))["registered_model"]!));

    /// <inheritdoc />
    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        var answer = await GetAsync(Rm + "search", cancellationToken, ("max_results", RegistryJsonReader.Text(maxResults)), ("page_token", pageToken)).ConfigureAwait(false);
        return new Page<RegisteredModel>([.. (answer["registered_models"]?.AsArray() ?? []).Select(m => RegistryJsonReader.Model(m!))],
            answer["next_page_token"]?.GetValue<string>() is { Length: > 0 } t ? t : null);
    }

    /// <inheritdoc />
    public async Task UpdateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        if (description is not null) await SendAsync(HttpMethod.Patch, Rm + "update", new JsonObject { ["name"] = name, ["description"] = description }, true, cancellationToken).ConfigureAwait(false);
        foreach (var (k, v) in tags ?? new Dictionary<string, string>())
            await SendAsync(HttpMethod.Post, Rm + "set-tag", new JsonObject { ["name"] = name, ["key"] = k, ["value"] = v }, true, cancellationToken).ConfigureAwait(false);
        if (description is null && tags is not { Count: > 0 } && await GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false) is null)
            throw MlnbException.NotFound($"registered model '{name}' does not exist on {_rest.Display}");
    }

    /// <inheritdoc />
    public Task DeleteRegisteredModelAsync(string name, AuditEntry audit, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Rm + "delete", new JsonObject { ["name"] = name, ["actor"] = audit.Actor }, false, cancellationToken);

    /// <inheritdoc />
    public Task RenameRegisteredModelAsync(string name, string newName, AuditEntry audit, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(newName);
        return SendAsync(HttpMethod.Post, Rm + "rename", new JsonObject { ["name"] = name, ["new_name"] = newName, ["actor"] = audit.Actor }, false, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Rm + "delete-tag", new JsonObject { ["name"] = name, ["key"] = key }, true, cancellationToken);

    /// <summary>Uploads the package files the server's content store lacks (once per hash).</summary>
    private async Task UploadAsync(ModelPackage package, CancellationToken ct)
    {
        if (package.Files.Count == 0) return;
        var missing = await SendAsync(HttpMethod.Post, "api/2.0/mlnb/content/missing", new JsonObject { ["md5"] = new JsonArray([.. package.Files.Select(f => (JsonNode)f.Md5).Distinct()]) }, true, ct).ConfigureAwait(false);
        foreach (var md5 in (missing["missing"]?.AsArray() ?? []).Select(m => m!.GetValue<string>()))
        {
            if (!_content.Contains(md5))
                throw MlnbException.NotFound($"package file {md5} is not in the local content store at '{_content.Root}', so it cannot be uploaded; register the version again");
            await _rest.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, "api/2.0/mlnb/content/" + md5)
            {
                Content = new StreamContent(_content.OpenRead(md5)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            }, idempotent: true, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _rest.Dispose();
}
