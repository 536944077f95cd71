using System.Diagnostics;
using System.Globalization;
using MlNotebooks.Tracking;

namespace MlNotebooks.Usage;

/// <summary>This process's CPU time, and the usage tags a run gets when it ends.</summary>
internal static class ProcessUsage
{
    /// <summary>User plus system CPU time of every thread of this process so far.</summary>
    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Queues the CPU seconds used since <paramref name="cpuAtStart"/> and the process id as tags of the run.</summary>
    public static void Tag(BufferedRunLogger logger, TimeSpan cpuAtStart)
    {
        var cpu = Math.Max(0, (CpuTime() - cpuAtStart).TotalSeconds);
        logger.SetTag(UsageTags.CpuSeconds, cpu.ToString("0.###", CultureInfo.InvariantCulture));
        logger.SetTag(UsageTags.Pid, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }
}
