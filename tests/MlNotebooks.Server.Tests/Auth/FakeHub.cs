using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>
/// A tiny real HTTP server on 127.0.0.1 answering <c>GET /hub/api/user</c> as JupyterHub 3 does: the token's owner
/// as <c>{"kind": "user", "name", "admin", ...}</c> for <c>Authorization: token T</c>, 403 otherwise.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeHub(WebApplication app) => _app = app;

    /// <summary>Token → (user name, admin, kind).</summary>
    public ConcurrentDictionary<string, (string Name, bool Admin, string Kind)> Tokens { get; } = new();

    /// <summary>How many times /hub/api/user was asked.</summary>
    public int Requests => _requests;

    /// <summary>The hub API URL, e.g. http://127.0.0.1:PORT/hub/api.</summary>
    public string ApiUrl { get; private set; } = "";

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var hub = new FakeHub(app);
        app.MapGet("/hub/api/user", (HttpContext http) =>
        {
            Interlocked.Increment(ref hub._requests);
            var header = http.Request.Headers.Authorization.ToString();
            if (header.StartsWith("token ", StringComparison.Ordinal) && hub.Tokens.TryGetValue(header[6..], out var u))
                return Results.Json(new Dictionary<string, object?> { ["kind"] = u.Kind, ["name"] = u.Name, ["admin"] = u.Admin, ["groups"] = Array.Empty<string>(), ["server"] = null });
            return Results.Json(new { status = 403, message = "Missing or invalid credentials" }, statusCode: 403);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub.ApiUrl = address.TrimEnd('/') + "/hub/api";
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
