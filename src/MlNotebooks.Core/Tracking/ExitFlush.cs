using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace MlNotebooks.Tracking;

/// <summary>
/// Writes every live <see cref="BufferedRunLogger"/>'s queue when the process ends: on return from Main
/// (ProcessExit) and on SIGTERM/SIGINT (which .NET does not turn into ProcessExit), then lets the process end.
/// </summary>
internal static class ExitFlush
{
    private static readonly ConcurrentDictionary<BufferedRunLogger, byte> Live = new();
    private static readonly Lock Gate = new();
    private static bool _installed;
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static void Register(BufferedRunLogger logger)
    {
        Live[logger] = 0;
        if (Volatile.Read(ref _installed)) return;
        lock (Gate)
        {
            if (_installed) return;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => FlushAll();
            if (!OperatingSystem.IsWindows())
            {
                Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => FlushAll()));
                Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => FlushAll()));
            }
            Volatile.Write(ref _installed, true);
        }
    }

    public static void Unregister(BufferedRunLogger logger) => Live.TryRemove(logger, out _);

    private static void FlushAll()
    {
        var loggers = Live.Keys.ToArray();
        var flushes = loggers.Select(l => l.FlushForExitAsync()).ToArray();
        try
        {
            Task.WaitAll(flushes, TimeSpan.FromSeconds(60));
        }
        catch (AggregateException)
        {
            // Exiting: a store failure was already recorded by the logger; there is no caller left to tell.
        }
    }
}
