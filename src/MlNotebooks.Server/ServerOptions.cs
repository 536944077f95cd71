using System.Net;

namespace MlNotebooks.Server;

/// <summary>How <see cref="TrackingServer"/> listens and which workspace it serves.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to bind (an IP address or <c>localhost</c>); loopback unless <see cref="Auth"/> is on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one (see <see cref="TrackingServer.BaseAddress"/>).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>The store to serve (<c>sqlite:///…</c> or <c>postgresql://…</c>); null finds the workspace as the CLI does.</summary>
    public string? TrackingUri { get; init; }

    /// <summary>Where to look for <c>.mlnb/</c> when <see cref="TrackingUri"/> is null (defaults to the current folder).</summary>
    public string? WorkspaceDirectory { get; init; }

    /// <summary>Root of the content store artifacts are proxied into; null takes the workspace's.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>Require a token on every request and check permissions per experiment and registered model.</summary>
    public bool Auth { get; init; }

    /// <summary>JupyterHub API URL (e.g. <c>http://127.0.0.1:8081/hub/api</c>) whose user tokens are accepted; null accepts our tokens only.</summary>
    public string? HubApiUrl { get; init; }

    /// <summary>With <see cref="Auth"/>: what users may do where nobody granted them anything (READ, EDIT, MANAGE, NO_PERMISSIONS); null takes MLNB_AUTH_DEFAULT_PERMISSION, else READ as in MLflow.</summary>
    public string? DefaultPermission { get; init; }

    /// <summary>Environment lookup used when finding the workspace (tests replace it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Where one-line notices go (the CLI prints them).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Checks the values; fails with a one-line fix.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw MlnbException.Invalid($"port {Port} is out of range; give 0..65535 (0 picks a free port)");
        if (!IsLoopback(Host) && !Auth)
            throw MlnbException.Invalid($"refusing to listen on {Host} without --auth: anyone who can reach it could change every run; add --auth, or use --host 127.0.0.1");
        if (HubApiUrl is not null && !Auth) throw MlnbException.Invalid("--hub-api needs --auth; add --auth");
        if (DefaultPermission is not null && !Auth) throw MlnbException.Invalid("--default-permission needs --auth; add --auth");
        if (DefaultPermission is not null) MlNotebooks.Auth.Permission.Parse(DefaultPermission);
        if (HubApiUrl is not null && !(Uri.TryCreate(HubApiUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            throw MlnbException.Invalid($"--hub-api '{HubApiUrl}' is not an http(s) URL; give e.g. http://127.0.0.1:8081/hub/api");
    }

    /// <summary>True for <c>localhost</c> and loopback addresses.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
