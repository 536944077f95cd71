using System.Globalization;
using MlNotebooks.Storage;

namespace MlNotebooks.Tracking;

/// <summary>
/// Notices RUNNING runs whose process is gone and ends them KILLED, at the time they were last seen. A run started
/// through <see cref="ActiveRun"/> records its host, pid and process start time and refreshes a heartbeat tag;
/// a reader on the same host checks the process, a reader elsewhere waits for <see cref="MissedHeartbeats"/>
/// missed heartbeats. Works over any <see cref="ITrackingStore"/>; the first reader to notice updates the store.
/// </summary>
public static class RunLiveness
{
    /// <summary>How often a live run refreshes its heartbeat tag.</summary>
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>How many heartbeats a run of another host may miss before it counts as killed.</summary>
    public const int MissedHeartbeats = 4;

    /// <summary>The tags that name this process as a run's owner.</summary>
    public static IReadOnlyList<RunTag> OwnerTags(DateTimeOffset now) =>
    [
        new(SystemTags.Host, ProcessIdentity.Host),
        new(SystemTags.Pid, ProcessIdentity.Pid.ToString(CultureInfo.InvariantCulture)),
        new(SystemTags.PidStart, ProcessIdentity.Start),
        new(SystemTags.Heartbeat, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// When <paramref name="run"/> is RUNNING but its owner is gone: why, and when it was last seen; otherwise null.
    /// </summary>
    public static (string Reason, DateTimeOffset LastSeen)? Diagnose(Run run, DateTimeOffset now)
    {
        if (run.Info.Status != RunStatus.Running || run.Tag(SystemTags.Host) is not { } host) return null;
        var lastSeen = run.Info.StartTime;
        if (long.TryParse(run.Tag(SystemTags.Heartbeat), NumberStyles.Integer, CultureInfo.InvariantCulture, out var beat))
            lastSeen = Max(lastSeen, DateTimeOffset.FromUnixTimeMilliseconds(beat));
        foreach (var m in run.Metrics) lastSeen = Max(lastSeen, DateTimeOffset.FromUnixTimeMilliseconds(m.Timestamp));
        if (lastSeen > now) lastSeen = now;
        if (string.Equals(host, ProcessIdentity.Host, StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(run.Tag(SystemTags.Pid), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) return null;
            if (ProcessIdentity.IsAlive(pid, run.Tag(SystemTags.PidStart) ?? "0")) return null;
            return ($"process {pid} on {host} is gone (killed or crashed); last seen {lastSeen:u}", lastSeen);
        }
        if (now - lastSeen <= HeartbeatInterval * MissedHeartbeats) return null;
        return ($"no heartbeat from host {host} since {lastSeen:u} ({MissedHeartbeats} intervals of {HeartbeatInterval.TotalSeconds:0} s missed)", lastSeen);
    }

    /// <summary>
    /// Ends <paramref name="run"/> KILLED (end time: when it was last seen) when its owner is gone, and returns the run
    /// as it now is; returns it unchanged otherwise.
    /// </summary>
    public static async Task<Run> ReconcileAsync(ITrackingStore store, Run run, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (Diagnose(run, now) is not { } dead) return run;
        await store.LogBatchAsync(run.RunId, [], [], [new RunTag(SystemTags.EndReason, dead.Reason)], cancellationToken).ConfigureAwait(false);
        var info = await store.UpdateRunAsync(run.RunId, RunStatus.Killed, dead.LastSeen, null, cancellationToken).ConfigureAwait(false);
        return run with { Info = info, Tags = [.. run.Tags.Where(t => t.Key != SystemTags.EndReason), new RunTag(SystemTags.EndReason, dead.Reason)] };
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
