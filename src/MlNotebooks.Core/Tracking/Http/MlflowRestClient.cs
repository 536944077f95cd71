using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Tracking.Http;

/// <summary>
/// Sends MLflow REST requests (GET with a query string, POST with a JSON body) and turns error answers into
/// <see cref="MlnbException"/>s. Retries with exponential backoff and jitter on 429, 503 and dropped connections;
/// a request that may have reached the server is retried only when it is idempotent.
/// </summary>
internal sealed class MlflowRestClient : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new(MlflowJson.Options) { WriteIndented = false };
    private readonly HttpClient _http;
    private readonly HttpTrackingOptions _options;

    public MlflowRestClient(Uri baseUri, HttpTrackingOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
        {
            BaseAddress = new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"),
            Timeout = options.RequestTimeout,
        };
        if (options.Token is { } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("mlnb", typeof(MlflowRestClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        Display = baseUri.GetLeftPart(UriPartial.Path).Replace(baseUri.UserInfo + "@", "", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>The server URL without credentials.</summary>
    public string Display { get; }

    public Task<JsonNode> GetAsync(string path, IEnumerable<(string Key, string? Value)> query, CancellationToken ct, int? maxAttempts = null)
    {
        var q = string.Join("&", query.Where(kv => kv.Value is not null).Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!)));
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, q.Length == 0 ? path : path + "?" + q), idempotent: true, ct, maxAttempts);
    }

    public Task<JsonNode> PostAsync(string path, JsonObject body, bool idempotent, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(bytes) }, idempotent, ct);
    }

    /// <summary>Sends a request built afresh for each try (content cannot be sent twice).</summary>
    public async Task<JsonNode> SendAsync(Func<HttpRequestMessage> build, bool idempotent, CancellationToken ct, int? maxAttempts = null)
    {
        using var response = await SendRawAsync(build, idempotent, HttpCompletionOption.ResponseContentRead, ct, maxAttempts).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw ToException(response, text);
        try
        {
            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new MlnbException(ErrorCode.StoreUnavailable, $"the tracking server at {Display} answered something that is not JSON ({e.Message.Split('.')[0]}); is {Display} an MLflow-compatible server?", e);
        }
    }

    /// <summary>Sends with retries and returns the response (caller disposes); error statuses other than retried ones are returned as they are.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(Func<HttpRequestMessage> build, bool idempotent, HttpCompletionOption completion, CancellationToken ct, int? maxAttempts = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= (maxAttempts ?? _options.MaxAttempts);
            try
            {
                using var request = build();
                var response = await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || last) return response;
                var retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
                await Task.Delay(retryAfter is { } ra && ra < _options.MaxDelay ? ra : Backoff(attempt), ct).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e) when (!last && (idempotent || e.HttpRequestError == HttpRequestError.ConnectionError))
            {
                // Refused connections never reached the server; other drops are retried only when repeating is harmless.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && !last && idempotent)
            {
                // A timed-out idempotent request is tried again.
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(attempt, e.Message, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw Unreachable(attempt, $"no answer within {_options.RequestTimeout.TotalSeconds:0} s", e);
            }
            await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
        }
    }

    private MlnbException Unreachable(int attempts, string why, Exception inner) => new(ErrorCode.StoreUnavailable,
        $"cannot reach the tracking server at {Display} ({why}; {attempts} {(attempts == 1 ? "try" : "tries")}); check that it runs (`mlnb server`) and the URI is right", inner);

    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble() / 2));
    }

    internal MlnbException ToException(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        string? code = null, message = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                code = o["error_code"]?.GetValue<string>();
                message = o["message"]?.GetValue<string>();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { }
        var errorCode = MlflowErrorCodes.FromAnswer(code, status);
        message ??= status switch
        {
            401 => $"the tracking server at {Display} needs a token; set {HttpTrackingOptions.TokenVariable} (ask its admin for one: `mlnb server users add NAME`)",
            403 => $"the token in {HttpTrackingOptions.TokenVariable} may not do this on {Display}; ask for the permission",
            _ => $"the tracking server at {Display} answered {status} {response.ReasonPhrase}: {(text.Length > 200 ? text[..200] : text)}",
        };
        if (status == 401 && !message.Contains(HttpTrackingOptions.TokenVariable, StringComparison.Ordinal))
            message += $" (set {HttpTrackingOptions.TokenVariable} to a valid token)";
        return new MlnbException(errorCode, message);
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public void Dispose() => _http.Dispose();
}
