using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MlNotebooks.Cli.Tests.Support;

/// <summary>
/// A local stand-in for GitHub's REST API on 127.0.0.1 (Kestrel, port 0) that records every call and answers the three
/// routes the report uses with the shapes GitHub documents (issue comments list/create/update, commit statuses),
/// keeping comments in memory. Octokit addresses a non-github.com API root under <c>/api/v3/</c> (GitHub Enterprise's
/// layout); the recorder strips that prefix.
/// </summary>
public sealed class GitHubRecorder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _comments = [];

    public sealed record Call(string Method, string Path, string? Authorization, JsonObject? Body);

    public List<Call> Calls { get; } = [];

    public string BaseUrl { get; }

    private GitHubRecorder(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<GitHubRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        GitHubRecorder? self = null;
        app.Run(ctx => self!.HandleAsync(ctx));
        await app.StartAsync();
        self = new GitHubRecorder(app, app.Urls.First().TrimEnd('/') + "/");
        return self;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path.StartsWith("/api/v3", StringComparison.Ordinal)) path = path["/api/v3".Length..];
        var text = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        lock (Calls) Calls.Add(new Call(ctx.Request.Method, path, ctx.Request.Headers.Authorization.ToString(), body));
        var parts = path.Trim('/').Split('/');
        (int Status, JsonNode Json) answer;
        lock (_comments)
        {
            answer = (ctx.Request.Method, parts) switch
            {
                ("GET", ["repos", _, _, "issues", _, "comments"]) => (200, new JsonArray([.. _comments.Select(c => c.DeepClone())])),
                ("POST", ["repos", _, _, "issues", _, "comments"]) => (201, AddComment(body!["body"]!.GetValue<string>())),
                ("PATCH", ["repos", _, _, "issues", "comments", var id]) => UpdateComment(long.Parse(id), body!["body"]!.GetValue<string>()),
                ("POST", ["repos", _, _, "statuses", var sha]) => (201, new JsonObject { ["id"] = 1, ["state"] = body!["state"]!.DeepClone(), ["context"] = body["context"]?.DeepClone(), ["sha"] = sha }),
                _ => (404, new JsonObject { ["message"] = "Not Found" }),
            };
        }
        ctx.Response.StatusCode = answer.Status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Json.ToJsonString()));
    }

    private JsonObject AddComment(string text)
    {
        var c = new JsonObject { ["id"] = (long)(1000 + _comments.Count), ["body"] = text, ["html_url"] = $"https://github.com/c/{1000 + _comments.Count}", ["user"] = new JsonObject { ["login"] = "mlnb-bot" } };
        _comments.Add(c);
        return (JsonObject)c.DeepClone();
    }

    private (int, JsonNode) UpdateComment(long id, string text)
    {
        var c = _comments.FirstOrDefault(x => x["id"]!.GetValue<long>() == id);
        if (c is null) return (404, new JsonObject { ["message"] = "Not Found" });
        c["body"] = text;
        return (200, c.DeepClone());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
