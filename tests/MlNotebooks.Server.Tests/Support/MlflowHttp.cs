using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MlNotebooks.Server.Tests.Support;

/// <summary>An answer: the HTTP status and the parsed JSON body (null when the body is not JSON).</summary>
public sealed record MlflowAnswer(HttpStatusCode Status, JsonNode? Body, string Text)
{
    /// <summary>The error_code of an error body, or null.</summary>
    public string? ErrorCode => Body?["error_code"]?.GetValue<string>();

    /// <summary>The message of an error body, or null.</summary>
    public string? Message => Body?["message"]?.GetValue<string>();

    /// <summary>Fails with the body when the status is not 200.</summary>
    public MlflowAnswer Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Text}");
        return this;
    }

    /// <summary>Asserts an MLflow error body with this status and code.</summary>
    public MlflowAnswer Error(int status, string errorCode)
    {
        Assert.True((int)Status == status && ErrorCode == errorCode, $"expected {status} {errorCode}, got {(int)Status}: {Text}");
        return this;
    }
}

/// <summary>Sends MLflow REST requests as MLflow clients do: GET with a query string, others with a JSON body.</summary>
public sealed class MlflowHttp(Uri baseAddress) : IDisposable
{
    public HttpClient Client { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>POST (or another method) with a JSON body given as a node or raw text.</summary>
    public Task<MlflowAnswer> SendAsync(string method, string path, object? body = null)
    {
        var text = body switch { null => "", string s => s, JsonNode n => n.ToJsonString(), _ => System.Text.Json.JsonSerializer.Serialize(body) };
        var req = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        return SendAsync(req);
    }

    public Task<MlflowAnswer> PostAsync(string path, object? body = null) => SendAsync("POST", path, body);

    /// <summary>GET with query arguments (a key may repeat).</summary>
    public Task<MlflowAnswer> GetAsync(string path, params (string Key, string Value)[] query)
    {
        var q = string.Join("&", query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, q.Length == 0 ? path : path + "?" + q));
    }

    public async Task<MlflowAnswer> SendAsync(HttpRequestMessage request)
    {
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try { body = text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { }
        return new MlflowAnswer(response.StatusCode, body, text);
    }

    public void Dispose() => Client.Dispose();
}
