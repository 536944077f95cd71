using System.Diagnostics;
using System.Globalization;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    /// <summary>A run started a minute before its last heartbeat, owned by <paramref name="pid"/> on <paramref name="host"/>.</summary>
    private async Task<Run> OwnedRunAsync(string host, int pid, DateTimeOffset heartbeat)
    {
        var experiment = await Client.GetOrCreateExperimentAsync("liveness");
        return await Store.CreateRunAsync(experiment.ExperimentId, RunNames.Next(), "tester", heartbeat.AddMinutes(-1),
        [
            new RunTag(SystemTags.Host, host),
            new RunTag(SystemTags.Pid, pid.ToString(CultureInfo.InvariantCulture)),
            new RunTag(SystemTags.PidStart, "12345"),
            new RunTag(SystemTags.Heartbeat, heartbeat.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    [Fact]
    public async Task RunOfADeadProcess_ReadsAsKilledAtItsLastHeartbeat_AndIsEndedOnce()
    {
        var beat = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-20).ToUnixTimeMilliseconds());
        var created = await OwnedRunAsync(ProcessIdentity.Host, DeadPid(), beat);

        var first = await Client.GetRunAsync(created.RunId);
        var second = await Store.GetRunAsync(created.RunId);

        Assert.Equal(RunStatus.Killed, first.Info.Status);
        Assert.Equal(beat, first.Info.EndTime);
        Assert.Contains("is gone", first.Tag(SystemTags.EndReason));
        Assert.Equal(RunStatus.Killed, second!.Info.Status);
        Assert.Equal(beat, second.Info.EndTime);
        Assert.Contains("is gone", second.Tag(SystemTags.EndReason));
    }

    [Fact]
    public async Task RunOfThisProcess_StaysRunning_AndRecordsItsOwner()
    {
        await using var run = await Client.StartRunAsync("liveness");

        var read = await Client.GetRunAsync(run.RunId);
        var running = await Client.SearchRunsAsync(["liveness"], "attributes.status = 'RUNNING'");

        Assert.Equal(RunStatus.Running, read.Info.Status);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), read.Tag(SystemTags.Pid));
        Assert.Equal(ProcessIdentity.Host, read.Tag(SystemTags.Host));
        Assert.Contains(running.Items, r => r.RunId == run.RunId);
    }

    [Fact]
    public async Task RunOfAnotherHost_IsKilledOnlyAfterMissedHeartbeats()
    {
        var now = DateTimeOffset.UtcNow;
        var recent = await OwnedRunAsync("elsewhere.example", 1, now.AddSeconds(-40));
        var silentAt = DateTimeOffset.FromUnixTimeMilliseconds(now.AddMinutes(-5).ToUnixTimeMilliseconds());
        var silent = await OwnedRunAsync("elsewhere.example", 1, silentAt);

        var running = await Client.SearchRunsAsync(["liveness"], "attributes.status = 'RUNNING'");
        var killed = await Store.GetRunAsync(silent.RunId);

        Assert.Equal(new[] { recent.RunId }, running.Items.Select(r => r.RunId));
        Assert.Equal(RunStatus.Killed, killed!.Info.Status);
        Assert.Equal(silentAt, killed.Info.EndTime);
        Assert.Contains("no heartbeat from host elsewhere.example", killed.Tag(SystemTags.EndReason));
    }

    [Fact]
    public async Task RunWithoutAnOwner_IsLeftRunning()
    {
        var run = await Client.CreateRunAsync("liveness");

        Assert.Equal(RunStatus.Running, (await Client.GetRunAsync(run.RunId)).Info.Status);
        Assert.Single((await Client.SearchRunsAsync(["liveness"], "attributes.status = 'RUNNING'")).Items);
    }
}
