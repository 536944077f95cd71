using System.Net;
using System.Net.Sockets;
using MlNotebooks.Registry;

namespace MlNotebooks.Interactive.Magics.Deploy;

/// <summary>
/// The model servers started from one kernel. Each is an <c>mlnb serve</c> child process; all of them are stopped when
/// the kernel is disposed or the kernel's process exits.
/// </summary>
internal sealed class Deployments : IDisposable
{
    /// <summary>How long a server may take to load its model and answer <c>/v2/health/ready</c>.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly List<ServerProcess> _servers = [];
    private int _watchingExit;

    /// <summary>For readiness probes and scrapes: local, so short.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The servers, in the order they were started.</summary>
    public IReadOnlyList<ServerProcess> Servers
    {
        get { lock (_servers) return [.. _servers]; }
    }

    /// <summary>Resolves the model in the kernel's workspace, then starts a server for it and waits until it is ready.</summary>
    public async Task<ServerProcess> StartAsync(TrackingSession session, string? model, int? port, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(model))
            throw MlnbException.Invalid("#!deploy start needs a model; write e.g. `#!deploy start models:/churn@production`");
        var uri = ModelUri.Parse(model);
        name = string.IsNullOrWhiteSpace(name) ? uri.Name : name;
        if (Servers.FirstOrDefault(s => s.Name == name) is { } same)
        {
            if (!same.HasExited)
                throw MlnbException.State($"a server named '{name}' is already running at {same.Url} ({same.Model}); stop it with `#!deploy stop {name}` or give this one another --name");
            Remove(same);
        }
        var ws = await session.WorkspaceAsync(ct).ConfigureAwait(false);
        var version = await ws.Registry.ResolveAsync(uri, ct).ConfigureAwait(false);
        var server = await ServerProcess.StartAsync(name, uri, version, FreePort(port), ws, session.TrackingUri, Http, ReadyTimeout, ct).ConfigureAwait(false);
        lock (_servers) _servers.Add(server);
        if (Interlocked.Exchange(ref _watchingExit, 1) == 0) AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return server;
    }

    /// <summary>
    /// The port asked for when it is free on 127.0.0.1, or a free one for 0 or none. Checked here because a server of
    /// someone else's answering on a taken port would look ready.
    /// </summary>
    private static int FreePort(int? port)
    {
        if (port is < 0 or > 65535) throw MlnbException.Invalid($"--port {port} is not a TCP port; give 1-65535, or 0 (or nothing) for a free one");
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port ?? 0);
            listener.Start();
            var chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return chosen;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw MlnbException.State($"port {port} on 127.0.0.1 is in use ({e.Message}); choose another with --port, or leave --port out to pick a free one");
        }
    }

    /// <summary>The named server, or the only one when no name is given.</summary>
    public ServerProcess Find(string? name, string verb)
    {
        var servers = Servers;
        if (servers.Count == 0)
            throw MlnbException.State("no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`");
        if (name is not null)
            return servers.FirstOrDefault(s => s.Name == name)
                ?? throw MlnbException.NotFound($"no server named '{name}' in this kernel; the servers are: {Names(servers)} (see `#!deploy status`)");
        return servers.Count == 1 ? servers[0]
            : throw MlnbException.Invalid($"{servers.Count} servers were started from this kernel ({Names(servers)}); name one, e.g. `#!deploy {verb} {servers[0].Name}`");
    }

    /// <summary>Stops the named server, the only one, or (<paramref name="all"/>) every one; returns what was stopped.</summary>
    public async Task<IReadOnlyList<ServerProcess>> StopAsync(string? name, bool all)
    {
        if (all && name is not null) throw MlnbException.Invalid($"give a server name or --all, not both; e.g. `#!deploy stop {name}`");
        var targets = all ? Servers : [Find(name, "stop")];
        if (targets.Count == 0)
            throw MlnbException.State("no server was started from this kernel; start one with `#!deploy start models:/NAME@ALIAS`");
        await Task.WhenAll(targets.Select(s => s.StopAsync(StopGrace))).ConfigureAwait(false);
        foreach (var s in targets) Remove(s);
        return targets;
    }

    private void Remove(ServerProcess server)
    {
        lock (_servers) _servers.Remove(server);
        server.Dispose();
    }

    private static string Names(IEnumerable<ServerProcess> servers) => string.Join(", ", servers.Select(s => s.Name));

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    /// <summary>Kills every server (the kernel is going away).</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var s in Servers) Remove(s);
        Http.Dispose();
    }
}
