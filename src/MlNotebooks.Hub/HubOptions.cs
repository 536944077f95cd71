using System.Text.RegularExpressions;

namespace MlNotebooks.Hub;

/// <summary>What <c>mlnb hub up</c> starts: where the hub keeps its state, its port, its users and the tracking store.</summary>
public sealed partial record HubOptions
{
    /// <summary>The default state folder (as The Littlest JupyterHub keeps <c>/opt/tljh/state</c>).</summary>
    public const string DefaultStateDirectory = "/srv/mlnb-hub";

    /// <summary>The hub's public port on 127.0.0.1 (0 picks a free one).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>The state folder: hub database, admin token, config, logs, the tracking store by default.</summary>
    public string StateDirectory { get; init; } = DefaultStateDirectory;

    /// <summary>Users to create (Unix users with 0700 homes) and allow.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>The tracking store the tracking service serves (<c>sqlite:///…</c> or <c>postgresql://…</c>); null: SQLite under the state folder.</summary>
    public string? TrackingUri { get; init; }

    /// <summary>The hub's own database (users, servers, tokens): <c>postgresql://…</c> or <c>sqlite:///…</c>; null: SQLite in the state folder (or what the last start used).</summary>
    public string? Database { get; init; }

    /// <summary>Seconds a user server may be idle before the culler stops it.</summary>
    public int IdleTimeoutSeconds { get; init; } = 3600;

    /// <summary>Seconds between the culler's checks.</summary>
    public int IdleIntervalSeconds { get; init; } = 300;

    /// <summary><c>pam</c> (Unix passwords; the default) or <c>dummy</c> (one shared password from MLNB_HUB_DUMMY_PASSWORD; demos only).</summary>
    public string Authenticator { get; init; } = "pam";

    /// <summary>How to start this mlnb (e.g. <c>["/usr/bin/dotnet", "/opt/mlnb/mlnb.dll"]</c>): the tracking service and the kernel run it.</summary>
    public IReadOnlyList<string> MlnbCommand { get; init; } = [];

    /// <summary>Checks the values; fails with a one-line fix.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535) throw MlnbException.Invalid($"--port {Port} is out of range; give 1..65535 (0 picks a free port)");
        if (string.IsNullOrWhiteSpace(StateDirectory)) throw MlnbException.Invalid("--state is empty; give a folder, e.g. --state /srv/mlnb-hub");
        foreach (var user in Users) ValidateUserName(user);
        if (TrackingUri is { } uri && !(uri.StartsWith("sqlite:///", StringComparison.Ordinal) || uri.StartsWith("postgresql://", StringComparison.Ordinal) || uri.StartsWith("postgres://", StringComparison.Ordinal)))
            throw MlnbException.Invalid($"--tracking-uri '{Redact(uri)}' is not a store the tracking service can serve; give sqlite:///PATH or postgresql://USER@HOST:PORT/DB");
        if (Database is { } db && !(db.StartsWith("sqlite:///", StringComparison.Ordinal) || db.StartsWith("postgresql://", StringComparison.Ordinal) || db.StartsWith("postgres://", StringComparison.Ordinal)))
            throw MlnbException.Invalid($"--db '{Redact(db)}' is not a database JupyterHub can use here; give postgresql://USER:PASSWORD@HOST:PORT/DB or sqlite:///PATH");
        if (IdleTimeoutSeconds < 1) throw MlnbException.Invalid($"--idle-timeout {IdleTimeoutSeconds} must be at least 1 second");
        if (IdleIntervalSeconds < 1) throw MlnbException.Invalid($"--idle-interval {IdleIntervalSeconds} must be at least 1 second");
        if (Authenticator is not ("pam" or "dummy")) throw MlnbException.Invalid($"--authenticator '{Authenticator}' is unknown; give pam or dummy");
        if (MlnbCommand.Count == 0) throw MlnbException.Invalid("the mlnb command line to run the tracking service and the kernel is missing");
    }

    /// <summary>Fails unless <paramref name="name"/> is a portable Unix user name (what useradd and JupyterHub both accept).</summary>
    public static void ValidateUserName(string name)
    {
        if (!UserName().IsMatch(name))
            throw MlnbException.Invalid($"user name '{name}' is not allowed; use 1-32 lower-case letters, digits, '_' or '-', starting with a letter or '_'");
    }

    /// <summary>The URI with any password replaced by <c>***</c> (for messages and status).</summary>
    public static string Redact(string uri) => PasswordInUri().Replace(uri, "$1:***@");

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();

    [GeneratedRegex("^([a-z]+://[^:/@]+):[^@]*@")]
    private static partial Regex PasswordInUri();
}
