using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MlNotebooks.Hub;

/// <summary>The hub's REST API with the operator's admin token (<c>STATE/admin-token</c>).</summary>
public sealed class HubClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client for the hub whose public URL is <paramref name="baseUrl"/> (e.g. http://127.0.0.1:8000/).</summary>
    public HubClient(Uri baseUrl, string adminToken)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl, "hub/api/"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", adminToken);
    }

    /// <summary>True when <c>/hub/health</c> answers 200.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var r = await _http.GetAsync("../health", cancellationToken).ConfigureAwait(false);
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The hub's version (<c>GET /hub/api/</c>).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync("", cancellationToken).ConfigureAwait(false);
        return doc.RootElement.GetProperty("version").GetString() ?? "?";
    }

    /// <summary>Every user with its default server's state.</summary>
    public async Task<IReadOnlyList<HubUser>> UsersAsync(CancellationToken cancellationToken)
    {
        using var doc = await GetJsonAsync("users", cancellationToken).ConfigureAwait(false);
        var users = new List<HubUser>();
        foreach (var u in doc.RootElement.EnumerateArray())
        {
            var server = u.TryGetProperty("servers", out var servers) && servers.ValueKind == JsonValueKind.Object && servers.TryGetProperty("", out var s) ? s : default;
            var state = server.ValueKind != JsonValueKind.Object ? "stopped"
                : server.TryGetProperty("pending", out var p) && p.ValueKind == JsonValueKind.String ? "pending " + p.GetString()
                : server.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True ? "ready" : "stopped";
            var last = u.TryGetProperty("last_activity", out var la) && la.ValueKind == JsonValueKind.String ? DateTimeOffset.Parse(la.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
            users.Add(new HubUser(u.GetProperty("name").GetString()!, u.TryGetProperty("admin", out var a) && a.ValueKind == JsonValueKind.True, state, last));
        }
        return users;
    }

    /// <summary>Adds a user to the hub's database (no-op when it is there).</summary>
    public async Task AddUserAsync(string name, CancellationToken cancellationToken)
    {
        using var r = await _http.PostAsync("users/" + Uri.EscapeDataString(name), new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        if (r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict) return;
        throw new MlnbException(ErrorCode.StoreUnavailable, $"the hub refused to add user {name} ({(int)r.StatusCode}): {await r.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
    }

    /// <summary>Removes a user from the hub (its server is stopped first by the hub); no-op when unknown.</summary>
    public async Task DeleteUserAsync(string name, CancellationToken cancellationToken)
    {
        using var r = await _http.DeleteAsync("users/" + Uri.EscapeDataString(name), cancellationToken).ConfigureAwait(false);
        if (r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.NotFound) return;
        throw new MlnbException(ErrorCode.StoreUnavailable, $"the hub refused to remove user {name} ({(int)r.StatusCode}); check STATE/hub.log");
    }

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage r;
        try
        {
            r = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot reach the hub at {_http.BaseAddress} ({e.Message}); is it running? see `mlnb hub status`");
        }
        using (r)
        {
            if (!r.IsSuccessStatusCode)
                throw new MlnbException(ErrorCode.StoreUnavailable, $"the hub answered {(int)r.StatusCode} to GET {path}; check STATE/hub.log");
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>A hub user and its default server.</summary>
/// <param name="Name">The user name (also the Unix user).</param>
/// <param name="IsAdmin">The hub's admin flag.</param>
/// <param name="Server">ready, stopped, or pending (spawn/stop).</param>
/// <param name="LastActivity">When the hub last saw the user or the server active.</param>
public sealed record HubUser(string Name, bool IsAdmin, string Server, DateTimeOffset? LastActivity);
