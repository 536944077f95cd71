namespace MlNotebooks.Usage;

/// <summary>System tags a run carries about what it cost, written by <see cref="Tracking.ActiveRun"/> when the run ends.</summary>
public static class UsageTags
{
    /// <summary>CPU seconds the logging process used between the run's start and end (user + system, all threads).</summary>
    public const string CpuSeconds = "mlnb.usage.cpuSeconds";

    /// <summary>GPU seconds, set by code that trained on a GPU; absent means none was used (no GPU accounting on a CPU machine).</summary>
    public const string GpuSeconds = "mlnb.usage.gpuSeconds";

    /// <summary>The logging process's id (several runs of one kernel share its CPU; this tells them apart).</summary>
    public const string Pid = "mlnb.usage.pid";
}
