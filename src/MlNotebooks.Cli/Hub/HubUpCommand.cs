using System.ComponentModel;
using MlNotebooks.Hub;
using MlNotebooks.Notebooks.Jupyter;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Hub;

/// <summary><c>mlnb hub up</c>: starts the single-machine hub and prints where it is.</summary>
internal sealed class HubUpCommand : AsyncCommand<HubUpCommand.Settings>
{
    public sealed class Settings : HubStateSettings
    {
        [CommandOption("-p|--port <PORT>")]
        [Description("The hub's port on 127.0.0.1 (default 8000; 0 picks a free one)")]
        public int Port { get; init; } = 8000;

        [CommandOption("--users <NAMES>")]
        [Description("Comma-separated users to create and allow (e.g. alice,bob)")]
        public string? Users { get; init; }

        [CommandOption("--tracking-uri <URI>")]
        [Description("The store behind the tracking service: sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default: SQLite in STATE/tracking)")]
        public string? TrackingUri { get; init; }

        [CommandOption("--db <URI>")]
        [Description("The hub's own database (users, servers, tokens): postgresql://USER:PASSWORD@HOST:PORT/DB (needs python3-psycopg2) or sqlite:///PATH (default: SQLite in STATE; kept across restarts)")]
        public string? Db { get; init; }

        [CommandOption("--idle-timeout <SECONDS>")]
        [Description("Stop a user's server after this many idle seconds (default 3600)")]
        public int IdleTimeout { get; init; } = 3600;

        [CommandOption("--idle-interval <SECONDS>")]
        [Description("How often the idle culler checks (default 300)")]
        public int IdleInterval { get; init; } = 300;

        [CommandOption("--authenticator <NAME>")]
        [Description("pam (Unix passwords; default) or dummy (one shared password from MLNB_HUB_DUMMY_PASSWORD; demos only)")]
        public string Authenticator { get; init; } = "pam";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var cli = typeof(HubUpCommand).Assembly.Location;
        var host = MlnbHost(cli);
        var options = new HubOptions
        {
            Port = s.Port, StateDirectory = s.State, TrackingUri = s.TrackingUri, Database = s.Db, Authenticator = s.Authenticator,
            Users = (s.Users ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            IdleTimeoutSeconds = s.IdleTimeout, IdleIntervalSeconds = s.IdleInterval, MlnbCommand = host,
        };
        // The same kernelspec `mlnb kernel install --prefix DIR` writes, in a folder every user's server reads.
        var up = await HubLauncher.UpAsync(options, prefix => KernelSpec.Install(KernelSpec.PrefixKernelsFolder(prefix), KernelSpec.Create(host, cli)), cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"hub running at {up.Url} (pid {up.Pid}, state {up.Paths.Root})");
        Console.WriteLine($"  users: {(up.Settings.Users.Count == 0 ? "none yet (mlnb hub users add NAME)" : string.Join(", ", up.Settings.Users))}; kernel {KernelSpec.Name}; idle servers stop after {up.Settings.IdleTimeout} s");
        Console.WriteLine($"  tracking service: {up.Settings.Tracking.UserUri} (hub tokens; store {up.Store})");
        Console.WriteLine($"  hub database: {up.Database}; admin API token: {up.Paths.AdminToken} (root only); log: {up.Paths.Log}");
        foreach (var (user, password) in up.NewPasswords) Console.WriteLine($"  created Unix user {user}, password {password} (shown once; change it with passwd {user})");
        return 0;
    }

    /// <summary>How to start this mlnb again: the apphost itself, or <c>dotnet mlnb.dll</c>.</summary>
    internal static string[] MlnbHost(string cli)
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, cli] : [process];
    }
}
