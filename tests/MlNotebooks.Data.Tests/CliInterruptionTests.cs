using System.Diagnostics;

namespace MlNotebooks.Data.Tests;

/// <summary>A real mlnb process killed in the middle of add or pull leaves no partial object, and the next run completes.</summary>
public sealed class CliInterruptionTests
{
    private static void WriteBigFiles(Mlnb m, string folder, int count, int megabytes)
    {
        Directory.CreateDirectory(m.PathOf(folder));
        var block = new byte[1 << 20];
        for (var i = 0; i < count; i++)
        {
            using var f = File.Create(m.PathOf($"{folder}/part{i}.bin"));
            for (var b = 0; b < megabytes; b++)
            {
                Random.Shared.NextBytes(block.AsSpan(0, 64));
                block[100] = (byte)i;
                f.Write(block);
            }
        }
    }

    /// <summary>Starts mlnb and kills it as soon as a temporary file appears under <paramref name="watch"/>.</summary>
    private static void KillWhenWriting(Mlnb m, string watch, params string[] args)
    {
        using var p = m.Start(args);
        var sw = Stopwatch.StartNew();
        while (!p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Directory.Exists(watch) && Directory.EnumerateFiles(watch, "*.tmp", SearchOption.AllDirectories).Any())
            {
                p.Kill(entireProcessTree: true);
                break;
            }
            Thread.Sleep(2);
        }
        p.WaitForExit();
        Assert.NotEqual(0, p.ExitCode); // killed before it finished; otherwise the test proves nothing
    }

    [Fact]
    public void AKilledAdd_LeavesNoPartialObject_AndTheNextAddCompletes()
    {
        using var m = new Mlnb();
        WriteBigFiles(m, "big", count: 4, megabytes: 32);

        KillWhenWriting(m, Path.Combine(m.Cache, "tmp"), "data", "add", "big", "-j", "1");

        Mlnb.AssertEveryObjectMatchesItsAddress(m.Cache);
        Assert.False(File.Exists(m.PathOf("big.dvc")));
        var again = m.Run("data", "add", "big");
        Assert.Equal(0, again.ExitCode);
        Mlnb.AssertEveryObjectMatchesItsAddress(m.Cache);
        Assert.Equal("Data and pipelines are up to date.\n", m.Run("data", "status").Out);
    }

    [Fact]
    public void AKilledPull_LeavesNoPartialObject_AndTheNextPullCompletes()
    {
        using var m = new Mlnb();
        using var remote = new Mlnb();
        WriteBigFiles(m, "big", count: 4, megabytes: 32);
        Assert.Equal(0, m.Run("data", "add", "big").ExitCode);
        Assert.Equal(0, m.Run("data", "remote", "add", "origin", remote.PathOf("store"), "--default").ExitCode);
        Directory.CreateDirectory(remote.PathOf("store"));
        Assert.Equal(0, m.Run("data", "push").ExitCode);
        Directory.Delete(m.PathOf("big"), recursive: true);
        foreach (var f in Directory.EnumerateFiles(m.Cache, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(Path.Combine(m.Cache, "files"), recursive: true);

        KillWhenWriting(m, Path.Combine(m.Cache, "tmp"), "data", "pull", "-j", "1");

        Mlnb.AssertEveryObjectMatchesItsAddress(m.Cache);
        var again = m.Run("data", "pull");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("4 file(s) written", again.Out);
        Mlnb.AssertEveryObjectMatchesItsAddress(m.Cache);
    }
}
