using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MlNotebooks.Hub;

/// <summary>The JupyterHub process: started detached (its own session, log to a file), found again by its PID file.</summary>
internal static partial class HubProcess
{
    /// <summary>The live hub's PID from the PID file, or null (no file, or a stale one, which is removed).</summary>
    public static int? Running(HubPaths paths)
    {
        if (!File.Exists(paths.PidFile)) return null;
        if (int.TryParse(File.ReadAllText(paths.PidFile).Trim(), out var pid) && IsHub(pid)) return pid;
        File.Delete(paths.PidFile);
        return null;
    }

    /// <summary>True when <paramref name="pid"/> is alive and is a jupyterhub.</summary>
    public static bool IsHub(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("jupyterhub", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Starts <c>jupyterhub -f CONFIG</c> in its own session with umask 077, logging to the hub log; returns its PID.</summary>
    public static int Start(HubPaths paths, string jupyterhub)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = paths.Root, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("umask 077; exec setsid \"$0\" -f \"$1\" >> \"$2\" 2>&1 < /dev/null");
        psi.ArgumentList.Add(jupyterhub);
        psi.ArgumentList.Add(paths.Config);
        psi.ArgumentList.Add(paths.Log);
        // Debian's configurable-http-proxy finds its modules only with NODE_PATH (../shared/ENVIRONMENT.md).
        psi.Environment["NODE_PATH"] = "/usr/share/nodejs:/usr/lib/nodejs";
        psi.Environment["MLNB_HUB_SETTINGS"] = paths.Settings;
        foreach (var key in new[] { "MLNB_TRACKING_URI", "MLNB_TRACKING_TOKEN", "MLNB_CONTENT_ROOT", "JUPYTERHUB_API_TOKEN" }) psi.Environment.Remove(key);
        using var p = Process.Start(psi) ?? throw MlnbException.State("could not start jupyterhub");
        return p.Id;
    }

    /// <summary>Sends SIGTERM and waits for the hub (which stops the proxy, its services and the users' servers) to exit.</summary>
    public static async Task<bool> StopAsync(int pid, TimeSpan wait, CancellationToken cancellationToken)
    {
        _ = Kill(pid, 15);
        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            if (!IsHub(pid)) return true;
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        _ = Kill(pid, 9);
        return false;
    }

    /// <summary>The log's last lines that say why the hub failed (errors and critical lines), else its last line.</summary>
    public static string Why(HubPaths paths)
    {
        if (!File.Exists(paths.Log)) return "no log";
        var lines = File.ReadAllLines(paths.Log).TakeLast(200).ToList();
        var bad = lines.LastOrDefault(l => l.StartsWith("[E ", StringComparison.Ordinal) || l.StartsWith("[C ", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal));
        return (bad ?? lines.LastOrDefault() ?? "empty log").Trim();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
