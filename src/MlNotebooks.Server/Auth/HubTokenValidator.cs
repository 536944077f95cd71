using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MlNotebooks.Auth;

namespace MlNotebooks.Server.Auth;

/// <summary>
/// Accepts JupyterHub API tokens: asks the hub's <c>GET {hub-api}/user</c> with <c>Authorization: token T</c> who the
/// token belongs to, and remembers the answer (and refusals) for a short while, keyed by the token's SHA-256, so a
/// busy client costs the hub one request a minute.
/// </summary>
internal sealed class HubTokenValidator(string hubApiUrl, TimeProvider time, TimeSpan cacheFor) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, (HubIdentity? Identity, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly Uri _userUrl = new(hubApiUrl.TrimEnd('/') + "/user");

    /// <summary>How many times the hub was asked (the cache's effect is tested).</summary>
    public int HubRequests => _hubRequests;

    private int _hubRequests;

    /// <summary>The hub user owning <paramref name="token"/>, or null when the hub does not know it.</summary>
    public async Task<HubIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var key = ApiTokens.Hash(token);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.Until > now) return hit.Identity;
        var identity = await AskHubAsync(token, cancellationToken).ConfigureAwait(false);
        _cache[key] = (identity, now + (identity is null ? TimeSpan.FromSeconds(Math.Min(10, cacheFor.TotalSeconds)) : cacheFor));
        if (_cache.Count > 10_000) foreach (var old in _cache.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList()) _cache.TryRemove(old, out _);
        return identity;
    }

    private async Task<HubIdentity?> AskHubAsync(string token, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _hubRequests);
        using var request = new HttpRequestMessage(HttpMethod.Get, _userUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot reach JupyterHub at {_userUrl} to check a token ({e.Message}); start the hub or fix --hub-api");
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new MlnbException(ErrorCode.StoreUnavailable, $"JupyterHub at {_userUrl} answered {(int)response.StatusCode} to a token check; check the hub's log");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = doc.RootElement;
            // A service's token identifies a service, not a person; only user tokens act as users here.
            if (root.TryGetProperty("kind", out var kind) && kind.GetString() != "user") return null;
            if (!root.TryGetProperty("name", out var name) || name.GetString() is not { Length: > 0 } n) return null;
            var admin = root.TryGetProperty("admin", out var a) && a.ValueKind == JsonValueKind.True;
            return new HubIdentity(n, admin);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Who a hub token belongs to.</summary>
/// <param name="Name">The hub user's name.</param>
/// <param name="IsAdmin">The hub's admin flag.</param>
internal sealed record HubIdentity(string Name, bool IsAdmin);
