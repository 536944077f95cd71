using System.Globalization;
using System.Runtime.InteropServices;
using MlNotebooks;
using MlNotebooks.Serving.Hosting;

// mlnb-serve MODEL_URI... [--host ADDRESS] [--port PORT] [--tracking-uri URI]
// The same server as `mlnb serve` (same options object, same alias polling: a moved @ALIAS is hot-swapped), reading
// the registry at MLNB_TRACKING_URI (or --tracking-uri, or .mlnb/ found upward), in a process that loads neither
// TorchSharp nor the notebook runner. Bad arguments: one line on stderr and a non-zero exit code (ErrorCode).
try
{
    var (models, host, port, trackingUri) = ServeArguments.Parse(args);
    await using var workspace = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = trackingUri }).ConfigureAwait(false);
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    await using var server = await ModelServer.StartAsync(workspace, new ModelServerOptions { Models = models, Host = host, Port = port }, stop.Token).ConfigureAwait(false);
    foreach (var (name, version) in server.ServedVersions)
        Console.WriteLine($"serving {name} (version {version}) at {server.BaseAddress}v2/models/{name}");
    await server.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
    return 0;
}
catch (MlnbException e)
{
    Console.Error.WriteLine("mlnb-serve: " + e.Message);
    return e.Code.ToExitCode();
}

/// <summary>The command line of <c>mlnb-serve</c>.</summary>
internal static class ServeArguments
{
    /// <summary>Models, host, port and tracking URI from the arguments; a one-line <see cref="MlnbException"/> when they are wrong.</summary>
    public static (string[] Models, string Host, int Port, string? TrackingUri) Parse(string[] args)
    {
        var models = new List<string>();
        string host = "127.0.0.1", portText = "8080";
        string? trackingUri = null;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--host" or "--port" or "-p" or "--tracking-uri")
            {
                if (i + 1 >= args.Length) throw MlnbException.Invalid($"{a} needs a value, e.g. {a} {(a == "--host" ? "0.0.0.0" : a == "--tracking-uri" ? "sqlite:///work/.mlnb/mlnb.db" : "8080")}");
                var v = args[++i];
                if (a == "--host") host = v; else if (a == "--tracking-uri") trackingUri = v; else portText = v;
            }
            else if (a.StartsWith("models:/", StringComparison.Ordinal)) models.Add(a);
            else throw MlnbException.Invalid($"unknown argument '{a}'; usage: mlnb-serve models:/NAME@ALIAS [--host ADDRESS] [--port PORT] [--tracking-uri URI]");
        }
        if (models.Count == 0) throw MlnbException.Invalid("give a model to serve, e.g. `mlnb-serve models:/churn@production`");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw MlnbException.Invalid($"--port '{portText}' is not a port number (0-65535)");
        return ([.. models], host, port, trackingUri);
    }
}
