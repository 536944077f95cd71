using System.Diagnostics;
using System.Globalization;

namespace MlNotebooks;

/// <summary>
/// Named points where the fault-injection suite may kill the process: with <c>MLNB_FAULT_POINT=NAME:COUNT</c> set,
/// the COUNT-th pass through <see cref="Hit"/> with that name sends SIGKILL to the process itself (no cleanup, no
/// flush: what a power cut or the OOM killer does). Unset, a hit is one static field read.
/// </summary>
public static class FaultPoint
{
    private static readonly (string Name, int Count)? Armed = Parse(Environment.GetEnvironmentVariable("MLNB_FAULT_POINT"));
    private static int _hits;

    /// <summary>Passes a fault point (e.g. <c>store.place</c> after an object is placed).</summary>
    public static void Hit(string name)
    {
        if (Armed is not { } armed || !string.Equals(armed.Name, name, StringComparison.Ordinal)) return;
        if (Interlocked.Increment(ref _hits) != armed.Count) return;
        Console.Out.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill(); // SIGKILL on Unix
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (value[..colon], n)
            : (value, 1);
    }
}
