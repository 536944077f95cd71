using System.Diagnostics;
using System.Globalization;

namespace MlNotebooks.Storage;

/// <summary>
/// Who a process is, in a form that survives pid reuse: host, pid and the process's start time (on Linux the
/// <c>starttime</c> field of <c>/proc/PID/stat</c>, in clock ticks since boot; elsewhere the start time in ms).
/// Temp files and runs carry it, so a reader can tell whether their owner still lives.
/// </summary>
public static class ProcessIdentity
{
    private static readonly Lazy<string> CurrentStart = new(() => StartOf(Environment.ProcessId) ?? "0");

    /// <summary>This machine's name.</summary>
    public static string Host => Environment.MachineName;

    /// <summary>This process's id.</summary>
    public static int Pid => Environment.ProcessId;

    /// <summary>This process's start token (see <see cref="StartOf"/>).</summary>
    public static string Start => CurrentStart.Value;

    /// <summary>A short stable token of <see cref="Host"/> (8 hex characters), for file names.</summary>
    public static string HostToken { get; } = HostTokenOf(Environment.MachineName);

    /// <summary>The 8-hex-character token of a host name (FNV-1a of its lowercase UTF-8 bytes).</summary>
    public static string HostTokenOf(string host)
    {
        var h = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(host.ToLowerInvariant())) h = (h ^ b) * 16777619u;
        return h.ToString("x8", CultureInfo.InvariantCulture);
    }

    /// <summary>The start token of a live process, or null when no process has that id.</summary>
    public static string? StartOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return rest[19]; // field 22 overall: starttime
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>True when the process <paramref name="pid"/> that started at <paramref name="start"/> still runs on this host.</summary>
    public static bool IsAlive(int pid, string start)
    {
        var now = StartOf(pid);
        if (now is null) return false;
        // A zombie (killed, not yet reaped) has the same stat line; its state letter is Z: treat it as gone.
        if (OperatingSystem.IsLinux() && IsZombie(pid)) return false;
        return now == start || start == "0";
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
