using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlNotebooks.Server.Auth;
using MlNotebooks.Server.Mlflow;
using MlNotebooks.Server.Ui;

namespace MlNotebooks.Server;

/// <summary>
/// A running tracking server on Kestrel: MLflow's REST API 2.0 under <c>/api/2.0/</c> and <c>/ajax-api/2.0/</c>,
/// the artifact proxy, our extras under <c>/api/2.0/mlnb/</c>, and the web UI at <c>/</c>, over one workspace.
/// </summary>
public sealed class TrackingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Workspace? _ownedWorkspace;

    private TrackingServer(WebApplication app, ServerContext context, Workspace? owned, Uri address)
    {
        _app = app;
        Context = context;
        _ownedWorkspace = owned;
        BaseAddress = address;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:5000/</c> (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The served workspace and the options in force.</summary>
    public ServerContext Context { get; }

    /// <summary>Opens the workspace the options name and starts listening; fails with a one-line fix.</summary>
    public static async Task<TrackingServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (options.TrackingUri is { } uri && Workspace.IsServerUri(uri))
            throw MlnbException.Invalid($"--tracking-uri '{uri}' is a tracking server; a server serves a store: give sqlite:///PATH or postgresql://…");
        var workspace = await Workspace.OpenAsync(new WorkspaceOptions
        {
            TrackingUri = options.TrackingUri,
            StartDirectory = options.WorkspaceDirectory,
            ContentRoot = options.ContentRoot,
            Environment = options.Environment,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await StartAsync(workspace, options, owned: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves an already opened workspace (which the caller keeps and disposes).</summary>
    public static Task<TrackingServer> StartAsync(Workspace workspace, ServerOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        return StartAsync(workspace, options, owned: false, cancellationToken);
    }

    private static async Task<TrackingServer> StartAsync(Workspace workspace, ServerOptions options, bool owned, CancellationToken cancellationToken)
    {
        if (Workspace.IsServerUri(workspace.TrackingUri))
            throw MlnbException.Invalid($"the workspace's store is the tracking server at {workspace.TrackingUri}; a server serves a store: set --tracking-uri to sqlite:///PATH or postgresql://…");
        var context = new ServerContext(workspace, options);
        // No reloading of appsettings.json: it would put a recursive file watcher on the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(context);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            if (options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) k.ListenLocalhost(options.Port);
            else k.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        AuthSetup.Configure(builder, context);
        var app = builder.Build();
        app.UseMiddleware<MlflowErrorMiddleware>();
        app.UseRouting();
        AuthSetup.Use(app, context);
        app.MapGet("/health", () => Results.Text("OK"));
        app.MapGet("/version", () => Results.Text(typeof(TrackingServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));
        RouteMapper.Map(app, RouteTable.All, context);
        UiSetup.Map(app, context);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot listen on {options.Host}:{options.Port} ({e.Message}); choose another port with --port");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TrackingServer(app, context, owned ? workspace : null, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Waits until the token is cancelled (Ctrl+C in the CLI).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try { await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownedWorkspace is not null) await _ownedWorkspace.DisposeAsync().ConfigureAwait(false);
    }
}
