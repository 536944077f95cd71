using System.Diagnostics;

namespace MlNotebooks.Data.Tests;

/// <summary>Runs the built mlnb.dll as a real process in a project folder.</summary>
public sealed class Mlnb : IDisposable
{
    public Mlnb()
    {
        Directory.CreateDirectory(Root);
        Git("init", "-q");
        Git("config", "user.email", "t@example.com");
        Git("config", "user.name", "t");
        var r = Run("init");
        Assert.Equal(0, r.ExitCode);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlnb-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "mlnb.dll");

    public string PathOf(string rel) => Path.Combine(Root, rel);

    public string Cache => PathOf(".mlnb/cache");

    public void CopyTestFile(string name, string rel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(rel))!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", name), PathOf(rel), overwrite: true);
    }

    public Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("MLNB_TRACKING_URI");
        psi.Environment.Remove("MLNB_CONTENT_ROOT");
        return Process.Start(psi)!;
    }

    public (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    public void Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    /// <summary>Every object under files/md5 hashes to its address: nothing partial sits under a real name.</summary>
    public static void AssertEveryObjectMatchesItsAddress(string storeRoot)
    {
        var objects = Path.Combine(storeRoot, "files", "md5");
        if (!Directory.Exists(objects)) return;
        foreach (var f in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            var address = Path.GetFileName(Path.GetDirectoryName(f)) + Path.GetFileName(f);
            using var s = File.OpenRead(f);
            var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(s));
            Assert.Equal(address.Replace(".dir", ""), md5);
        }
    }

    public void Dispose()
    {
        try
        {
            foreach (var f in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
