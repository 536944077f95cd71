using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNotebooks.Hub;

/// <summary>
/// The settings <c>hub/jupyterhub_config.py</c> reads from <c>STATE/hub.json</c> (snake_case keys). Written by
/// <c>mlnb hub up</c> and <c>mlnb hub users add</c>; the config file itself never changes per machine.
/// </summary>
public sealed record HubSettings
{
    /// <summary><c>local</c> (LocalProcessSpawner) or <c>docker</c>.</summary>
    public string Spawner { get; init; } = "local";

    /// <summary>The proxy's public address.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The proxy's public port.</summary>
    public int Port { get; init; }

    /// <summary>The hub's own address (its REST API and OAuth).</summary>
    public string HubIp { get; init; } = "127.0.0.1";

    /// <summary>The hub's own port.</summary>
    public int HubPort { get; init; }

    /// <summary>The proxy's REST API port (loopback).</summary>
    public int ProxyApiPort { get; init; }

    /// <summary>The state folder.</summary>
    public string State { get; init; } = "";

    /// <summary>Allowed users.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>Hub admins (none by default: the operator uses the admin token).</summary>
    public IReadOnlyList<string> AdminUsers { get; init; } = [];

    /// <summary><c>pam</c> or <c>dummy</c>.</summary>
    public string Authenticator { get; init; } = "pam";

    /// <summary>The tracking service.</summary>
    public TrackingService Tracking { get; init; } = new();

    /// <summary>The hub's database URL (SQLAlchemy form; may carry a password: this file is 0600, root only); null: SQLite in the state folder.</summary>
    public string? DbUrl { get; init; }

    /// <summary>Idle seconds before the culler stops a server.</summary>
    public int IdleTimeout { get; init; } = 3600;

    /// <summary>Seconds between the culler's checks.</summary>
    public int IdleInterval { get; init; } = 300;

    /// <summary>The culler script.</summary>
    public string Culler { get; init; } = "";

    /// <summary>The Python that runs the culler.</summary>
    public string Python { get; init; } = "/usr/bin/python3";

    /// <summary>JUPYTER_PATH of the users' servers (where the <c>mlnb-csharp</c> kernelspec is).</summary>
    public string? JupyterPath { get; init; }

    /// <summary>Seconds a server may take to start.</summary>
    public int StartTimeout { get; init; } = 120;

    /// <summary>The tracking server as a JupyterHub managed service.</summary>
    public sealed record TrackingService
    {
        /// <summary>How the hub starts it.</summary>
        public IReadOnlyList<string> Command { get; init; } = [];

        /// <summary>Its port on 127.0.0.1.</summary>
        public int Port { get; init; }

        /// <summary>Where the hub's proxy reaches it.</summary>
        public string Url { get; init; } = "";

        /// <summary>What users' kernels get as MLNB_TRACKING_URI.</summary>
        public string UserUri { get; init; } = "";

        /// <summary>The service's environment (the store URI, which may carry a database password, goes only here).</summary>
        public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

        /// <summary>Its working folder.</summary>
        public string? Cwd { get; init; }

        /// <summary>The unprivileged Unix account the hub starts it as (null: the hub's own user).</summary>
        public string? User { get; init; }

        /// <summary>True when something else runs it (the compose shape).</summary>
        public bool External { get; init; }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the settings whole (temp file, then rename), readable by root only.</summary>
    public void Write(string path)
    {
        var temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the settings, or null when there are none.</summary>
    public static HubSettings? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<HubSettings>(File.ReadAllText(path), Json) : null;
}
