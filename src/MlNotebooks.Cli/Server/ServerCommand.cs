using System.ComponentModel;
using System.Runtime.InteropServices;
using MlNotebooks.Server;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary><c>mlnb server</c>: serves a workspace's stores over MLflow's REST API, the artifact proxy and the web UI.</summary>
internal sealed class ServerCommand : AsyncCommand<ServerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--host <ADDRESS>")]
        [Description("Address to listen on (default 127.0.0.1; anything but loopback needs --auth)")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("-p|--port <PORT>")]
        [Description("Port to listen on (default 5000; 0 picks a free one)")]
        public int Port { get; init; } = 5000;

        [CommandOption("--tracking-uri <URI>")]
        [Description("The store to serve: sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default: MLNB_TRACKING_URI, else .mlnb/ found upward)")]
        public string? TrackingUri { get; init; }

        [CommandOption("--auth")]
        [Description("Require a token on every request and check permissions per experiment and model")]
        public bool Auth { get; init; }

        [CommandOption("--hub-api <URL>")]
        [Description("Also accept JupyterHub API tokens, checked against this hub API (e.g. http://127.0.0.1:8081/hub/api); needs --auth")]
        public string? HubApi { get; init; }

        [CommandOption("--default-permission <PERMISSION>")]
        [Description("With --auth: what users may do where nobody granted them anything: READ (default, as MLflow), EDIT, MANAGE or NO_PERMISSIONS")]
        public string? DefaultPermission { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var options = new ServerOptions
        {
            Host = s.Host, Port = s.Port, TrackingUri = s.TrackingUri, Auth = s.Auth, HubApiUrl = s.HubApi, DefaultPermission = s.DefaultPermission,
            Log = line => Console.Error.WriteLine("mlnb server: " + line),
        };
        await using var server = await TrackingServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"mlnb server: listening on {server.BaseAddress} (store {server.Context.Workspace.TrackingUri}{(s.Auth ? ", auth on" : "")})");
        Console.WriteLine($"  log to it with MLNB_TRACKING_URI={server.BaseAddress.ToString().TrimEnd('/')} (MLflow clients: MLFLOW_TRACKING_URI); Ctrl+C stops");
        await server.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }
}
