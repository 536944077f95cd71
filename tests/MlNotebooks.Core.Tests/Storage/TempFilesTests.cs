using System.Diagnostics;
using MlNotebooks.Storage;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests.Storage;

public sealed class TempFilesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    private string Write(string name, int bytes, TimeSpan? age = null)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, new byte[bytes]);
        if (age is { } a) File.SetLastWriteTimeUtc(path, DateTime.UtcNow - a);
        return path;
    }

    private static string Guid32 => Guid.NewGuid().ToString("N");

    [Fact]
    public void Sweep_RemovesFilesOfDeadOwners_AndReportsFilesAndBytes()
    {
        var dead = Write($"mlnb-{ProcessIdentity.HostToken}-{DeadPid()}-{ProcessIdentity.Start}-{Guid32}.tmp", 1000);
        var mine = TempFiles.NewPath(_dir.Path);
        File.WriteAllBytes(mine, new byte[10]);

        var swept = TempFiles.Sweep(_dir.Path);

        Assert.Equal(new TempSweep(1, 1000), swept);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(mine));
    }

    [Fact]
    public void Sweep_RemovesTheFileOfAReusedPid_WhoseStartTimeDiffers()
    {
        // Our own pid with another start time: the process that wrote it is gone, whoever has the pid now.
        var reused = Write($"mlnb-{ProcessIdentity.HostToken}-{Environment.ProcessId}-1-{Guid32}.tmp", 10);

        Assert.Equal(1, TempFiles.Sweep(_dir.Path).Files);
        Assert.False(File.Exists(reused));
    }

    [Fact]
    public void Sweep_LeavesOtherHostsAndOldNamesAloneUntilAnHourOld()
    {
        var foreignRecent = Write($"mlnb-00000000-1-1-{Guid32}.tmp", 10);
        var foreignOld = Write($"mlnb-00000000-2-1-{Guid32}.tmp", 10, TimeSpan.FromHours(2));
        var legacyRecent = Write($"{Guid32}.tmp", 10);
        var legacyOld = Write($".data.csv.{Guid32}.tmp", 10, TimeSpan.FromHours(2));
        var userFile = Write("notes.tmp", 10, TimeSpan.FromHours(5));

        var swept = TempFiles.Sweep(_dir.Path);

        Assert.Equal(2, swept.Files);
        Assert.True(File.Exists(foreignRecent));
        Assert.False(File.Exists(foreignOld));
        Assert.True(File.Exists(legacyRecent));
        Assert.False(File.Exists(legacyOld));
        Assert.True(File.Exists(userFile));
    }

    [Fact]
    public void DryRun_CountsWithoutRemoving()
    {
        var dead = Write($"mlnb-{ProcessIdentity.HostToken}-{DeadPid()}-5-{Guid32}.tmp", 300);

        Assert.Equal(new TempSweep(1, 300), TempFiles.Sweep(_dir.Path, dryRun: true));
        Assert.True(File.Exists(dead));
    }

    [Fact]
    public async Task ContentStore_FirstWrite_ReclaimsWhatAKilledWriterLeft()
    {
        var store = new ContentStore(_dir.File("cache"));
        Directory.CreateDirectory(store.TempRoot);
        var left = Path.Combine(store.TempRoot, $"mlnb-{ProcessIdentity.HostToken}-{DeadPid()}-7-{Guid32}.tmp");
        File.WriteAllBytes(left, new byte[4096]);

        await store.AddStreamAsync(new MemoryStream([1, 2, 3]));

        Assert.False(File.Exists(left));
        Assert.Empty(Directory.GetFiles(store.TempRoot));
    }

    [Fact]
    public void NewPath_NamesThisProcess_AndIsRecognizedAsTemp()
    {
        var name = Path.GetFileName(TempFiles.Beside(_dir.File("model.onnx")));

        Assert.StartsWith($".model.onnx.mlnb-{ProcessIdentity.HostToken}-{Environment.ProcessId}-{ProcessIdentity.Start}-", name);
        Assert.True(TempFiles.IsTempName(name));
        Assert.False(TempFiles.IsTempName("model.onnx"));
    }
}
