using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Hub.Tests.Support;

/// <summary>
/// A kernel started through a user's server (<c>POST /user/NAME/api/kernels</c>) and driven over its websocket channel
/// (<c>/api/kernels/ID/channels</c>, Jupyter's JSON messages), as the classic notebook's front end does.
/// </summary>
public sealed class KernelChannel : IAsyncDisposable
{
    private readonly ClientWebSocket _ws;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly HttpClient _http;
    private readonly string _kernelUrl;

    private KernelChannel(ClientWebSocket ws, HttpClient http, string kernelUrl)
    {
        _ws = ws;
        _http = http;
        _kernelUrl = kernelUrl;
    }

    /// <summary>One executed cell: reply status, stream text, error values.</summary>
    public sealed record Cell(string Status, string Text, IReadOnlyList<string> Errors);

    public static async Task<KernelChannel> StartAsync(Uri hub, string user, string token, string kernelName, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = new Uri(hub, $"user/{user}/"), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        using var started = await http.PostAsync("api/kernels", new StringContent(new JsonObject { ["name"] = kernelName }.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        var body = await started.Content.ReadAsStringAsync(ct);
        if (!started.IsSuccessStatusCode) throw new InvalidOperationException($"POST api/kernels answered {(int)started.StatusCode}: {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Authorization", "token " + token);
        var wsUri = new UriBuilder(new Uri(hub, $"user/{user}/api/kernels/{id}/channels")) { Scheme = "ws", Query = "session_id=" + Guid.NewGuid().ToString("N") }.Uri;
        await ws.ConnectAsync(wsUri, ct);
        return new KernelChannel(ws, http, $"api/kernels/{id}");
    }

    /// <summary>Runs <paramref name="code"/> and collects its outputs until the reply and the idle status arrive.</summary>
    public async Task<Cell> ExecuteAsync(string code, CancellationToken ct)
    {
        var msgId = Guid.NewGuid().ToString("N");
        var msg = new JsonObject
        {
            ["header"] = new JsonObject { ["msg_id"] = msgId, ["username"] = "test", ["session"] = _session, ["msg_type"] = "execute_request", ["version"] = "5.3", ["date"] = DateTimeOffset.UtcNow.ToString("O") },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = new JsonObject { ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true },
            ["channel"] = "shell",
        };
        await _ws.SendAsync(Encoding.UTF8.GetBytes(msg.ToJsonString()), WebSocketMessageType.Text, true, ct);
        string? status = null;
        var idle = false;
        var text = new StringBuilder();
        var errors = new List<string>();
        while (status is null || !idle)
        {
            var m = await ReceiveAsync(ct);
            if (m["parent_header"]?["msg_id"]?.GetValue<string>() != msgId) continue;
            var type = m["header"]!["msg_type"]!.GetValue<string>();
            var content = m["content"]!;
            switch (type)
            {
                case "execute_reply": status = content["status"]!.GetValue<string>(); break;
                case "status": idle |= content["execution_state"]!.GetValue<string>() == "idle"; break;
                case "stream": text.Append(content["text"]!.GetValue<string>()); break;
                case "execute_result" or "display_data": text.Append(content["data"]?["text/plain"]?.GetValue<string>()).Append('\n'); break;
                case "error": errors.Add(content["ename"] + ": " + content["evalue"]); break;
            }
        }
        return new Cell(status, text.ToString(), errors);
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var all = new MemoryStream();
        while (true)
        {
            var r = await _ws.ReceiveAsync(buffer, ct);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"the kernel channel closed: {r.CloseStatus} {r.CloseStatusDescription}");
            all.Write(buffer, 0, r.Count);
            if (r.EndOfMessage) break;
        }
        return JsonNode.Parse(all.ToArray())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // the server may be gone already
        }
        _ws.Dispose();
        try
        {
            using var _ = await _http.DeleteAsync(_kernelUrl);
        }
        catch (HttpRequestException)
        {
            // the server was stopped with its kernels
        }
        _http.Dispose();
    }
}
