using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlNotebooks.Features.Server;

/// <summary>A standalone feature server (<c>mlnb features serve</c>, Feast's <c>feast serve</c>): Kestrel with the feature route and /health.</summary>
public sealed class FeatureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeatureServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    /// <summary>The address served, e.g. <c>http://127.0.0.1:6566/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving a store on host:port (port 0 picks a free one). The caller keeps and disposes the store.</summary>
    public static async Task<FeatureServer> StartAsync(FeatureStore store, string host = "127.0.0.1", int port = 6566, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(host, out var ip)) throw MlnbException.Invalid($"--host '{host}' is not an IP address; use 127.0.0.1 or 0.0.0.0");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.Listen(ip, port); });
        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("OK"));
        app.MapFeatureServer(store);
        try { await app.StartAsync(cancellationToken).ConfigureAwait(false); }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot listen on {host}:{port} ({e.Message}); choose another port with --port");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FeatureServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
