namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// Ends the kernel when the process that started it (the Jupyter server: <c>JPY_PARENT_PID</c>, else our parent) is
/// gone, so a killed server leaves no orphan kernel. Polls once a second.
/// </summary>
internal static class ParentWatch
{
    public static int? ParentPid()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var jpy) && jpy > 1) return jpy;
        var ppid = LinuxParentPid(Environment.ProcessId);
        return ppid is > 1 ? ppid : null;
    }

    /// <summary>Completes when <paramref name="pid"/> has exited (or we were re-parented away from it).</summary>
    public static async Task WaitForExitAsync(int pid, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            if (!Alive(pid)) return;
    }

    private static bool Alive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A zombie parent has exited too; /proc/PID/stat's third field says so.
            var stat = $"/proc/{pid}/stat";
            try
            {
                var text = File.ReadAllText(stat);
                return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
            }
            catch (IOException)
            {
                return false;
            }
        }
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int? LinuxParentPid(int pid)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
