namespace MlNotebooks.Hub;

/// <summary>
/// The state folder's layout. The folder itself is 0755 so users' servers can read the kernelspec under
/// <c>jupyter/</c>; everything private (admin token, hub database, cookie secret, settings, logs, the tracking store)
/// is 0600/0700 and owned by root.
/// </summary>
public sealed record HubPaths(string Root)
{
    /// <summary>The operator's admin API token (0600).</summary>
    public string AdminToken => Path.Combine(Root, "admin-token");

    /// <summary>The settings <c>jupyterhub_config.py</c> reads (0600: may name the tracking store).</summary>
    public string Settings => Path.Combine(Root, "hub.json");

    /// <summary>The hub's config, copied from the embedded <c>hub/jupyterhub_config.py</c>.</summary>
    public string Config => Path.Combine(Root, "jupyterhub_config.py");

    /// <summary>The idle culler service's script.</summary>
    public string Culler => Path.Combine(Root, "mlnb_idle_culler.py");

    /// <summary>JupyterHub's PID file (<c>c.JupyterHub.pid_file</c>).</summary>
    public string PidFile => Path.Combine(Root, "jupyterhub.pid");

    /// <summary>The hub's log (and its services').</summary>
    public string Log => Path.Combine(Root, "hub.log");

    /// <summary>The install prefix of the <c>mlnb-csharp</c> kernelspec (readable by every user; on their JUPYTER_PATH).</summary>
    public string JupyterPrefix => Path.Combine(Root, "jupyter");

    /// <summary>The default tracking store's folder (SQLite database and content store; 0700).</summary>
    public string Tracking => Path.Combine(Root, "tracking");
}
